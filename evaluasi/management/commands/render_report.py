"""render_report: render a report synchronously to a file (CONTRACT.md)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from evaluasi.laporan import laporan_render_sync
from evaluasi.models import LaporanJob

KINDS = [LaporanJob.Jenis.EVALUASI, LaporanJob.Jenis.RAD, LaporanJob.Jenis.KASUS, LaporanJob.Jenis.NOTULEN]


class Command(BaseCommand):
    help = "Membuat laporan PDF secara langsung (evaluasi, rad, kasus, notulen)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[str(k) for k in KINDS], help="Jenis laporan.")
        parser.add_argument("--year", type=int, help="Tahun laporan (wajib kecuali notulen).")
        parser.add_argument("--rapat", type=int, help="ID rapat (untuk notulen).")
        parser.add_argument("--output", help="Berkas tujuan; bawaan: nama berkas laporan di folder kerja.")

    def handle(self, *args, kind, year=None, rapat=None, output=None, **options):
        if kind != LaporanJob.Jenis.NOTULEN and year is None:
            raise CommandError("--year wajib diisi untuk laporan ini.")
        try:
            content, filename = laporan_render_sync(jenis=kind, tahun=year, rapat=rapat)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        path = Path(output or filename)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Laporan ditulis ke {path} ({len(content):,} byte)."))
