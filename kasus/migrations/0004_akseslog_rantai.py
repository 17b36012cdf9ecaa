"""The access log becomes a keyed hash chain, refuses TRUNCATE, and records the kind of a reveal reason."""

from django.db import migrations, models

from kasus.chain import akses_log_digest

OLD_TRIGGER = """
CREATE TRIGGER kasus_akseslog_append_only
    BEFORE UPDATE OR DELETE ON kasus_akseslog
    FOR EACH ROW EXECUTE FUNCTION kasus_akseslog_append_only();
"""
# A superuser can switch any trigger off, so refusing it TRUNCATE protects nothing; letting it
# through keeps `manage.py flush` and the test database teardown working. Everyone else, the
# table owner included, is refused.
FUNCTION = """
CREATE OR REPLACE FUNCTION kasus_akseslog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_setting('is_superuser') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'Log akses kasus tidak dapat diubah atau dihapus.';
END;
$$ LANGUAGE plpgsql;
"""
OLD_FUNCTION = """
CREATE OR REPLACE FUNCTION kasus_akseslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Log akses kasus tidak dapat diubah atau dihapus.';
END;
$$ LANGUAGE plpgsql;
"""
TRUNCATE_TRIGGER = """
CREATE TRIGGER kasus_akseslog_no_truncate
    BEFORE TRUNCATE ON kasus_akseslog
    FOR EACH STATEMENT EXECUTE FUNCTION kasus_akseslog_append_only();
"""


def _postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def trigger_drop(apps, schema_editor):
    if _postgresql(schema_editor):
        schema_editor.execute("DROP TRIGGER IF EXISTS kasus_akseslog_append_only ON kasus_akseslog;")


def trigger_restore(apps, schema_editor):
    if _postgresql(schema_editor):
        schema_editor.execute("DROP TRIGGER IF EXISTS kasus_akseslog_no_truncate ON kasus_akseslog;")
        schema_editor.execute(OLD_FUNCTION + OLD_TRIGGER)


def chain_fill(apps, schema_editor):
    """Chain the existing rows in the order they were written."""
    AksesLog = apps.get_model("kasus", "AksesLog")
    hash_sebelum = ""
    for urutan, log in enumerate(AksesLog.objects.order_by("id").iterator(chunk_size=2000), start=1):
        log.urutan, log.hash_sebelum = urutan, hash_sebelum
        log.hash = akses_log_digest(log)
        log.save(update_fields=["urutan", "hash_sebelum", "hash"])
        hash_sebelum = log.hash
    if _postgresql(schema_editor):
        # The row updates must not leave deferred checks pending under the ALTER TABLE that follows.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE;")


def triggers_create(apps, schema_editor):
    if _postgresql(schema_editor):
        schema_editor.execute(FUNCTION + OLD_TRIGGER + TRUNCATE_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("kasus", "0003_teks_bebas_terenkripsi")]

    operations = [
        migrations.RunPython(trigger_drop, trigger_restore),
        migrations.AddField(
            model_name="akseslog",
            name="jenis_alasan",
            field=models.CharField(
                blank=True,
                choices=[
                    ("pendampingan", "Pendampingan korban (visum, konseling, sidang)"),
                    ("rujukan", "Rujukan ke lembaga lain"),
                    ("pemutakhiran", "Memeriksa atau memperbarui data kasus"),
                    ("permintaan_resmi", "Permintaan resmi aparat penegak hukum"),
                    ("lainnya", "Lainnya"),
                ],
                max_length=20,
                verbose_name="jenis alasan",
            ),
        ),
        migrations.AddField(
            model_name="akseslog",
            name="urutan",
            field=models.PositiveBigIntegerField(editable=False, null=True, verbose_name="urutan"),
        ),
        migrations.AddField(
            model_name="akseslog",
            name="hash_sebelum",
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="hash baris sebelumnya"),
        ),
        migrations.AddField(
            model_name="akseslog",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        migrations.RunPython(chain_fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="akseslog",
            name="urutan",
            field=models.PositiveBigIntegerField(editable=False, unique=True, verbose_name="urutan"),
        ),
        migrations.RunPython(triggers_create, trigger_drop),
    ]
