"""Recompute the stored RAD progress of every action (after restoring a backup or a change made in SQL)."""

from django.core.management.base import BaseCommand

from rad_kla.progres import progres_rebuild


class Command(BaseCommand):
    help = "Hitung ulang progres tahunan semua rencana aksi RAD dari target dan realisasinya."

    def handle(self, *args, **options):
        jumlah = progres_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Progres dihitung ulang: {jumlah} baris aksi × tahun."))
