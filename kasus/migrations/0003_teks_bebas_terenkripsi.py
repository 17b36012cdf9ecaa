"""Every free-text field of a case is encrypted at rest and kept out of history; case dates start in 1900."""

from cryptography.fernet import InvalidToken
from django.db import migrations, models

import kasus.fields
import kasus.models
from kasus.fields import decrypt, encrypt

# (model, field): the case's free text, as in kasus.models.TEKS_BEBAS.
TEKS_BEBAS = [
    ("kasus", "kronologi"),
    ("layanan", "penyedia_lain"),
    ("layanan", "keterangan"),
    ("riwayatstatus", "catatan"),
    ("catatankasus", "isi"),
]


def _is_token(value: str) -> bool:
    try:
        decrypt(value)
    except (InvalidToken, ValueError):
        return False
    return True


def _columns(apps):
    for model_name, field_name in TEKS_BEBAS:
        model = apps.get_model("kasus", model_name)
        yield model._meta.db_table, model._meta.get_field(field_name).column


def plaintext_encrypt(apps, schema_editor):
    """Encrypt every stored value that is not a token yet (penyedia_lain was plain until now)."""
    quote = schema_editor.connection.ops.quote_name
    with schema_editor.connection.cursor() as cursor:
        for table, column in _columns(apps):
            cursor.execute(f"SELECT id, {quote(column)} FROM {quote(table)} WHERE {quote(column)} <> ''")  # noqa: S608
            for pk, value in cursor.fetchall():
                if not _is_token(value):
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s",  # noqa: S608
                        [encrypt(value), pk],
                    )


def penyedia_lain_decrypt(apps, schema_editor):
    """Back to plain text, which the older schema expects for penyedia_lain (at most 200 characters)."""
    quote = schema_editor.connection.ops.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, penyedia_lain FROM kasus_layanan WHERE penyedia_lain <> ''")
        for pk, value in cursor.fetchall():
            if _is_token(value):
                cursor.execute(
                    f"UPDATE {quote('kasus_layanan')} SET penyedia_lain = %s WHERE id = %s",  # noqa: S608
                    [decrypt(value)[:200], pk],
                )


class Migration(migrations.Migration):
    dependencies = [("kasus", "0002_akseslog_append_only")]

    operations = [
        migrations.RemoveField(model_name="historicallayanan", name="penyedia_lain"),
        migrations.AlterField(
            model_name="layanan",
            name="penyedia_lain",
            field=kasus.fields.EncryptedCharField(blank=True, max_length=200, verbose_name="lembaga lain"),
        ),
        migrations.AlterField(
            model_name="historicalkasus",
            name="tanggal_kejadian",
            field=models.DateField(
                blank=True,
                null=True,
                validators=[kasus.models.tanggal_minimum_validator],
                verbose_name="tanggal kejadian",
            ),
        ),
        migrations.AlterField(
            model_name="historicalkasus",
            name="tanggal_lapor",
            field=models.DateField(validators=[kasus.models.tanggal_minimum_validator], verbose_name="tanggal lapor"),
        ),
        migrations.AlterField(
            model_name="historicalkorban",
            name="tanggal_lahir",
            field=models.DateField(
                blank=True, null=True, validators=[kasus.models.tanggal_minimum_validator], verbose_name="tanggal lahir"
            ),
        ),
        migrations.AlterField(
            model_name="historicallayanan",
            name="tanggal",
            field=models.DateField(validators=[kasus.models.tanggal_minimum_validator], verbose_name="tanggal"),
        ),
        migrations.AlterField(
            model_name="kasus",
            name="tanggal_kejadian",
            field=models.DateField(
                blank=True,
                null=True,
                validators=[kasus.models.tanggal_minimum_validator],
                verbose_name="tanggal kejadian",
            ),
        ),
        migrations.AlterField(
            model_name="kasus",
            name="tanggal_lapor",
            field=models.DateField(validators=[kasus.models.tanggal_minimum_validator], verbose_name="tanggal lapor"),
        ),
        migrations.AlterField(
            model_name="korban",
            name="tanggal_lahir",
            field=models.DateField(
                blank=True, null=True, validators=[kasus.models.tanggal_minimum_validator], verbose_name="tanggal lahir"
            ),
        ),
        migrations.AlterField(
            model_name="layanan",
            name="tanggal",
            field=models.DateField(validators=[kasus.models.tanggal_minimum_validator], verbose_name="tanggal"),
        ),
        migrations.RunPython(plaintext_encrypt, penyedia_lain_decrypt),
    ]
