"""Reference data: each framework version's legal basis, the indicator set from 2018, indicator 4's name."""

from django.db import migrations

from klaster.kerangka import versi_kerangka_ensure

KODE_24 = [str(n) for n in range(1, 25)]
NAMA_4_LAMA = "Kepemilikan kutipan akta kelahiran dan Kartu Identitas Anak (KIA)"
NAMA_4 = "Kepemilikan Kutipan Akta Kelahiran"


def forward(apps, schema_editor):
    Indikator = apps.get_model("klaster", "Indikator")
    versi_kerangka_ensure(versi_model=apps.get_model("klaster", "VersiKerangka"))
    # The seeded set was dated 2021 (the Perpres); it was already evaluated in 2018. A kode that
    # already has a 2018 row of its own is left alone.
    taken = set(Indikator.objects.filter(berlaku_mulai=2018).values_list("kode", flat=True))
    Indikator.objects.filter(berlaku_mulai=2021, kode__in=[k for k in KODE_24 if k not in taken]).update(
        berlaku_mulai=2018
    )
    # A name edited in the admin is kept.
    Indikator.objects.filter(kode="4", nama=NAMA_4_LAMA).update(nama=NAMA_4)


def backward(apps, schema_editor):
    Indikator = apps.get_model("klaster", "Indikator")
    Indikator.objects.filter(kode="4", nama=NAMA_4).update(nama=NAMA_4_LAMA)
    taken = set(Indikator.objects.filter(berlaku_mulai=2021).values_list("kode", flat=True))
    Indikator.objects.filter(berlaku_mulai=2018, kode__in=[k for k in KODE_24 if k not in taken]).update(
        berlaku_mulai=2021
    )


class Migration(migrations.Migration):
    dependencies = [("klaster", "0003_versi_kerangka")]

    operations = [migrations.RunPython(forward, backward)]
