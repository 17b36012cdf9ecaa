"""import_rad: import a RAD KLA matrix from an .xlsx file (the app's template or a published matrix), all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.templatetags.kla_format import rupiah
from rad_kla.excel.matriks_terbit import PERAN_KOLOM, BarisPeran, KelompokGalat, Pemetaan
from rad_kla.selectors import pemetaan_impor_get
from rad_kla.services import pemetaan_impor_set, rencana_import


class Command(BaseCommand):
    help = (
        "Mengimpor matriks RAD KLA dari berkas .xlsx (templat impor atau matriks terbitan daerah, mis. lampiran "
        "Perwali); semua baris disimpan atau tidak sama sekali."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Berkas .xlsx (templat impor atau matriks RAD terbitan daerah).")
        parser.add_argument("--dry-run", action="store_true", help="Hanya memeriksa; tidak menyimpan apa pun.")
        parser.add_argument(
            "--mapping", metavar="NAMA", help="Baca sebagai matriks terbitan dengan pemetaan kolom yang tersimpan."
        )
        parser.add_argument(
            "--save-mapping", metavar="NAMA", help="Simpan pemetaan kolom yang dipakai dengan nama ini."
        )
        parser.add_argument("--show-mapping", action="store_true", help="Tampilkan peran setiap kolom.")

    def handle(self, *args, file: str, dry_run: bool, mapping: str | None, save_mapping: str | None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Berkas {file} tidak ditemukan.")
        pemetaan = None
        if mapping:
            saved = pemetaan_impor_get(nama=mapping)
            if saved is None:
                raise CommandError(f"Pemetaan kolom “{mapping}” tidak ada.")
            try:
                pemetaan = Pemetaan.from_dict(saved.pemetaan)
            except ValueError as exc:
                raise CommandError(f"Pemetaan kolom “{mapping}” rusak ({exc}); simpan ulang dari pratinjau.") from exc
        with path.open("rb") as upload:
            result = rencana_import(upload, filename=path.name, dry_run=dry_run, pemetaan=pemetaan)
        if result.terbit:
            self._summary(result.terbit, show_mapping=options["show_mapping"])
            if save_mapping and result.terbit.get("pemetaan"):
                pemetaan_impor_set(nama=save_mapping, pemetaan=Pemetaan.from_dict(result.terbit["pemetaan"]), by=None)
                self.stdout.write(f"Pemetaan kolom disimpan sebagai “{save_mapping}”.")
        self.stdout.write(
            f"Baris data: {result.rows}; baru: {result.created}; diperbarui: {result.updated}; "
            f"tidak berubah: {result.unchanged}"
        )
        if result.unrecognised_headers:
            self.stdout.write("Kolom tidak dikenali (diabaikan): " + ", ".join(result.unrecognised_headers))
        if result.terbit:
            for group in result.terbit["galat"]:
                self.stderr.write(KelompokGalat(**group).kalimat())
        else:
            for error in result.errors:
                self.stderr.write(f"Baris {error.baris}: {error.pesan}")
        if result.errors:
            raise CommandError(f"Impor dibatalkan: {len(result.errors)} kesalahan; tidak ada data yang disimpan.")
        if dry_run:
            self.stdout.write(self.style.SUCCESS("Uji coba selesai tanpa kesalahan; tidak ada data yang disimpan."))
        else:
            self.stdout.write(self.style.SUCCESS("Impor selesai."))

    def _summary(self, terbit: dict, *, show_mapping: bool) -> None:
        """What was read from a published matrix, printed before any error."""
        self.stdout.write(f"Matriks terbitan: {terbit['baris_aksi']} baris aksi.")
        if terbit.get("lembar"):
            self.stdout.write(f"  Lembar: {terbit['lembar']}")
        for tahun, pagu in terbit["pagu_per_tahun"].items():
            self.stdout.write(f"  Pagu {tahun}: {rupiah(pagu)}")
        self.stdout.write(f"  Pagu seluruhnya: {rupiah(terbit['pagu_total'])}")
        skipped = [f"{BarisPeran.LABEL.get(role, role)} {count}" for role, count in terbit["dilewati"].items() if count]
        if skipped:
            self.stdout.write("Baris dilewati: " + ", ".join(skipped))
        if show_mapping and terbit.get("pemetaan"):
            for kolom in terbit["pemetaan"]["kolom"]:
                tahun = f" {kolom['tahun']}" if kolom["tahun"] else ""
                self.stdout.write(
                    f"  Kolom {kolom['indeks'] + 1} “{kolom['judul']}” → {PERAN_KOLOM[kolom['peran']]}{tahun}"
                )
        for group in terbit["peringatan"]:
            self.stdout.write("Peringatan — " + KelompokGalat(**group).kalimat())
