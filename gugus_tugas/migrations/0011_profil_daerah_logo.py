# The region profile gets a logo. Numbered 0011: another branch adds 0010; re-point the dependency when merging.

from django.db import migrations, models

import core.storage


class Migration(migrations.Migration):
    dependencies = [
        ("gugus_tugas", "0009_akun_telepon_dua_langkah_petugas_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalprofildaerah",
            name="logo",
            field=models.TextField(blank=True, max_length=200, verbose_name="logo daerah"),
        ),
        migrations.AddField(
            model_name="profildaerah",
            name="logo",
            field=models.FileField(
                blank=True,
                max_length=200,
                storage=core.storage.private_storage,
                upload_to=core.storage.RandomName("profil-daerah"),
                verbose_name="logo daerah",
            ),
        ),
    ]
