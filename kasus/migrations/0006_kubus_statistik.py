"""The stored statistics cube, and the triggers that mark it stale with every write to the counted tables."""

from django.db import migrations, models

# The counted tables, and the columns whose change can change a count (a later migration that drops or
# renames one of these columns drops its table's trigger first).
DIHITUNG = {
    "kasus_kasus": ["tanggal_lapor", "kelurahan_id", "tempat_kejadian", "dihapus_pada"],
    "kasus_korban": ["kasus_id", "kelompok_umur", "jenis_kelamin"],
    "kasus_pelaku": ["kasus_id", "hubungan"],
    "kasus_layanan": ["kasus_id", "jenis"],
    "kasus_kasusjeniskekerasan": ["kasus_id", "jenis"],
    # The statistics count victims per kecamatan and list every kecamatan by name.
    "gugus_tugas_wilayah": ["nama", "jenis", "induk_id"],
}
NAIK = "UPDATE kasus_kubusstatistik SET versi_data = versi_data + 1;"


def _postgresql() -> tuple[list[str], list[str]]:
    create = [
        f"""CREATE OR REPLACE FUNCTION kasus_kubus_kedaluwarsa() RETURNS trigger AS $$
BEGIN
    {NAIK}
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;"""
    ]
    drop = []
    for table, columns in DIHITUNG.items():
        create.append(
            f"CREATE TRIGGER {table}_kubus AFTER INSERT OR UPDATE OF {', '.join(columns)} OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION kasus_kubus_kedaluwarsa();"
        )
        drop.append(f"DROP TRIGGER IF EXISTS {table}_kubus ON {table};")
    drop.append("DROP FUNCTION IF EXISTS kasus_kubus_kedaluwarsa();")
    return create, drop


def _sqlite() -> tuple[list[str], list[str]]:
    create, drop = [], []
    for table, columns in DIHITUNG.items():
        for name, event in [("tambah", "INSERT"), ("ubah", f"UPDATE OF {', '.join(columns)}"), ("hapus", "DELETE")]:
            create.append(f"CREATE TRIGGER {table}_kubus_{name} AFTER {event} ON {table} BEGIN {NAIK} END;")
            drop.append(f"DROP TRIGGER IF EXISTS {table}_kubus_{name};")
    return create, drop


STATEMENTS = {"postgresql": _postgresql, "sqlite": _sqlite}


def forwards(apps, schema_editor):
    apps.get_model("kasus", "KubusStatistik").objects.create(pk=1)
    for statement in STATEMENTS[schema_editor.connection.vendor]()[0]:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in STATEMENTS[schema_editor.connection.vendor]()[1]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("kasus", "0005_pilihan_simfoni")]

    operations = [
        migrations.CreateModel(
            name="KubusStatistik",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("versi_data", models.BigIntegerField(default=0, verbose_name="versi data")),
                ("versi_isi", models.BigIntegerField(null=True, verbose_name="versi hitungan")),
                ("isi", models.JSONField(default=dict, verbose_name="hitungan")),
            ],
            options={"verbose_name": "kubus statistik kasus", "verbose_name_plural": "kubus statistik kasus"},
        ),
        migrations.RunPython(forwards, backwards),
    ]
