"""impor_rad_bersihkan: delete uploaded import sheets whose web preview was never confirmed."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from rad_kla.services import impor_tertunda_delete
from rad_kla.tasks import IMPOR_TERTUNDA_JAM


class Command(BaseCommand):
    help = (
        "Menghapus berkas impor RAD yang diunggah lewat web tetapi tidak pernah dikonfirmasi. "
        "Celery beat menjalankannya setiap hari; perintah ini untuk instalasi tanpa beat."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--jam",
            type=int,
            default=IMPOR_TERTUNDA_JAM,
            help=f"Hapus berkas yang lebih lama dari sekian jam (bawaan {IMPOR_TERTUNDA_JAM}).",
        )

    def handle(self, *args, jam: int, **options):
        if jam < 1:
            raise CommandError("--jam minimal 1 agar impor yang sedang dipratinjau tidak ikut terhapus.")
        dihapus = impor_tertunda_delete(lebih_lama_dari=datetime.timedelta(hours=jam))
        self.stdout.write(self.style.SUCCESS(f"{dihapus} berkas impor yang tidak dikonfirmasi dihapus."))
