"""Removes files in the private storage that no row names (older than a day); --dry-run only lists them."""

import datetime

from django.core.management.base import BaseCommand

from core.storage import berkas_yatim_delete


class Command(BaseCommand):
    help = "Hapus berkas tanpa baris data yang lebih tua dari --jam jam (bawaan 24); --dry-run hanya mendaftar."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Hanya tampilkan, jangan hapus.")
        parser.add_argument("--jam", type=int, default=24, help="Umur minimum berkas, dalam jam.")

    def handle(self, *args, dry_run: bool, jam: int, **options):
        found = berkas_yatim_delete(umur=datetime.timedelta(hours=jam), dry_run=dry_run)
        for name in found:
            self.stdout.write(name)
        verb = "ditemukan" if dry_run else "dihapus"
        self.stdout.write(self.style.SUCCESS(f"{len(found)} berkas yatim {verb}."))
