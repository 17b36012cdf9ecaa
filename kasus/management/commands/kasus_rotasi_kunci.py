"""kasus_rotasi_kunci: re-encrypt every identity and case free-text value with the newest FIELD_ENCRYPTION_KEY."""

from django.core.management.base import BaseCommand

from kasus.services import identitas_rotate


class Command(BaseCommand):
    help = (
        "Mengenkripsi ulang semua data identitas dan teks bebas kasus dengan kunci terbaru (kunci pertama di "
        "FIELD_ENCRYPTION_KEY). Jalankan setelah menambahkan kunci baru di depan; kunci lama boleh "
        "dihapus setelah perintah ini melaporkan 0."
    )

    def handle(self, *args, **options):
        changed = identitas_rotate()
        self.stdout.write(self.style.SUCCESS(f"{changed} nilai terenkripsi diperbarui ke kunci terbaru."))
