"""The demo's housing OPD takes the current nomenclature; its older name stays as an alias, so files using it still match."""

from django.db import migrations

NAMA_LAMA = "Dinas Perumahan dan Permukiman"
NAMA_BARU = "Dinas Perumahan dan Kawasan Permukiman"


def forward(apps, schema_editor):
    OPD = apps.get_model("gugus_tugas", "OPD")
    NamaLainOPD = apps.get_model("gugus_tugas", "NamaLainOPD")
    if OPD.objects.filter(nama=NAMA_BARU).exists():
        return
    # Only the row the demo created: a region that registered its own housing OPD keeps its name.
    opd = OPD.objects.filter(singkatan="Disperkim", nama=NAMA_LAMA).first()
    if opd is None:
        return
    opd.nama = NAMA_BARU
    opd.save(update_fields=["nama"])
    if not NamaLainOPD.objects.filter(nama__iexact=NAMA_LAMA).exists():
        NamaLainOPD.objects.create(opd=opd, nama=NAMA_LAMA)


def backward(apps, schema_editor):
    OPD = apps.get_model("gugus_tugas", "OPD")
    NamaLainOPD = apps.get_model("gugus_tugas", "NamaLainOPD")
    if OPD.objects.filter(nama=NAMA_LAMA).exists():
        return
    opd = OPD.objects.filter(singkatan="Disperkim", nama=NAMA_BARU).first()
    if opd is not None:
        NamaLainOPD.objects.filter(opd=opd, nama=NAMA_LAMA).delete()
        opd.nama = NAMA_LAMA
        opd.save(update_fields=["nama"])


class Migration(migrations.Migration):
    dependencies = [("gugus_tugas", "0006_nama_lain_opd")]

    operations = [migrations.RunPython(forward, backward)]
