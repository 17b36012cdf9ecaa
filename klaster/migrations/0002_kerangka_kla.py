"""Reference data: Kelembagaan + Klaster I–V, the 24 indicators and the predikat thresholds."""

from django.db import migrations

from klaster.kerangka import kerangka_ensure


def seed(apps, schema_editor):
    kerangka_ensure(
        klaster_model=apps.get_model("klaster", "Klaster"),
        indikator_model=apps.get_model("klaster", "Indikator"),
        predikat_model=apps.get_model("klaster", "Predikat"),
    )


class Migration(migrations.Migration):
    dependencies = [("klaster", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
