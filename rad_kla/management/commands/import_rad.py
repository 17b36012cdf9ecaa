"""import_rad: import a RAD KLA matrix from an .xlsx file, all or nothing, reporting every bad row."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rad_kla.services import rencana_import


class Command(BaseCommand):
    help = "Mengimpor matriks RAD KLA dari berkas .xlsx; semua baris disimpan atau tidak sama sekali."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Berkas .xlsx (lihat templat impor di halaman Impor RAD).")
        parser.add_argument("--dry-run", action="store_true", help="Hanya memeriksa; tidak menyimpan apa pun.")

    def handle(self, *args, file: str, dry_run: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Berkas {file} tidak ditemukan.")
        with path.open("rb") as upload:
            result = rencana_import(upload, filename=path.name, dry_run=dry_run)
        self.stdout.write(
            f"Baris data: {result.rows}; baru: {result.created}; diperbarui: {result.updated}; "
            f"tidak berubah: {result.unchanged}"
        )
        if result.unrecognised_headers:
            self.stdout.write("Kolom tidak dikenali (diabaikan): " + ", ".join(result.unrecognised_headers))
        for error in result.errors:
            self.stderr.write(f"Baris {error.baris}: {error.pesan}")
        if result.errors:
            raise CommandError(f"Impor dibatalkan: {len(result.errors)} kesalahan; tidak ada data yang disimpan.")
        if dry_run:
            self.stdout.write(self.style.SUCCESS("Uji coba selesai tanpa kesalahan; tidak ada data yang disimpan."))
        else:
            self.stdout.write(self.style.SUCCESS("Impor selesai."))
