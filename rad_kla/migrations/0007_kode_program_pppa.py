"""Programme codes of the PPPA affair (Kepmendagri 050-5889/2021) on actions stored with the older demo's swapped pair."""

from django.db import migrations

KELUARGA = "Program Peningkatan Kualitas Keluarga"
DATA = "Program Pengelolaan Sistem Data Gender dan Anak"


def forward(apps, schema_editor):
    RencanaAksi = apps.get_model("rad_kla", "RencanaAksi")
    # Only the swapped pair is touched; a code a user typed for another programme name stays.
    RencanaAksi.objects.filter(program=KELUARGA, kode_program="2.08.05").update(kode_program="2.08.04")
    RencanaAksi.objects.filter(program=DATA, kode_program="2.08.04").update(kode_program="2.08.05")


class Migration(migrations.Migration):
    dependencies = [("rad_kla", "0006_bukti_dukung_lampiran")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
