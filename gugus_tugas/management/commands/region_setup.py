"""region_setup: an empty install's region profile and first admin from the shell, with its wilayah and OPD sheets."""

import getpass
import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.uploads import JPG, PNG, upload_validate
from gugus_tugas.impor_daerah import HasilLembar, lembar_opd_import, lembar_wilayah_import
from gugus_tugas.models import ProfilDaerah
from gugus_tugas.penyiapan import instalasi_kosong_get, opd_import, profil_daerah_create, wilayah_import
from gugus_tugas.selectors import profil_daerah_get

PROFIL = {
    "nama": "nama daerah (tanpa Kota/Kabupaten)",
    "jenis": "jenis (kota/kabupaten)",
    "provinsi": "provinsi",
    "kode": "kode Kemendagri (mis. 18.72)",
    "tahun_mulai": "tahun RAD mulai",
    "tahun_selesai": "tahun RAD selesai",
    "admin_username": "username admin",
    "admin_email": "email admin",
}


class Command(BaseCommand):
    help = (
        "Menyiapkan daerah baru pada instalasi kosong: profil daerah dan Admin Sekretariat pertama, lalu "
        "(opsional) lembar wilayah dan OPD. Pada daerah yang sudah ada, hanya --wilayah/--opd yang dijalankan."
    )

    def add_arguments(self, parser):
        parser.add_argument("--nama", help="Nama daerah tanpa Kota/Kabupaten, mis. Merangin.")
        parser.add_argument("--jenis", choices=ProfilDaerah.Jenis.values, help="kota atau kabupaten.")
        parser.add_argument("--provinsi")
        parser.add_argument("--kode", help="Kode Kemendagri kabupaten/kota, mis. 15.02.")
        parser.add_argument("--tahun-mulai", type=int, help="Tahun RAD mulai.")
        parser.add_argument("--tahun-selesai", type=int, help="Tahun RAD selesai.")
        parser.add_argument("--logo", help="Berkas logo PNG/JPG.")
        parser.add_argument("--admin-username")
        parser.add_argument("--admin-email")
        parser.add_argument("--admin-nama", default="", help="Nama lengkap admin.")
        parser.add_argument(
            "--admin-password", help="Kata sandi admin; bila kosong ditanyakan (atau dibaca dari stdin bila bukan tty)."
        )
        parser.add_argument("--wilayah", help="Lembar wilayah (.xlsx).")
        parser.add_argument("--opd", help="Lembar OPD (.xlsx).")
        parser.add_argument("--no-input", action="store_true", help="Jangan menanyakan isian yang kosong.")

    def handle(self, *args, **options):
        kosong = instalasi_kosong_get()
        ada_profil = any(options[key] for key in ("nama", "jenis", "provinsi", "kode", "admin_username"))
        if not kosong and ada_profil:
            raise CommandError("Daerah sudah disiapkan; profil dan admin pertama tidak dibuat ulang.")
        if not kosong and not (options["wilayah"] or options["opd"]):
            raise CommandError("Daerah sudah disiapkan. Pakai --wilayah dan/atau --opd untuk mengunggah lembarnya.")
        if kosong:
            self._ask(options)
        profil = profil_daerah_get()
        kode_daerah = options["kode"] if kosong else (profil.kode if profil else "")
        # Both sheets are checked before anything is written, so a bad sheet leaves the install empty.
        wilayah = self._check(
            "wilayah", options["wilayah"], lambda f: lembar_wilayah_import(berkas=f, kode_daerah=kode_daerah)
        )
        opd = self._check("OPD", options["opd"], lambda f: lembar_opd_import(berkas=f))
        try:
            with transaction.atomic():
                if kosong:
                    self._profil_create(options)
                if wilayah is not None:
                    jumlah = wilayah_import(baris=wilayah.baris, by=None)
                    self.stdout.write("Wilayah tersimpan: {baru} baru, {diperbarui} diperbarui.".format(**jumlah))
                if opd is not None:
                    jumlah = opd_import(baris=opd.baris, by=None)
                    self.stdout.write("OPD tersimpan: {baru} baru, {diperbarui} diperbarui.".format(**jumlah))
        except (ValidationError, PermissionDenied) as exc:
            pesan = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError("Tidak ada yang disimpan. " + " ".join(pesan)) from exc

    def _ask(self, options) -> None:
        interactive = not options["no_input"] and sys.stdin.isatty()
        for key, label in PROFIL.items():
            while not options[key] and interactive:
                options[key] = input(f"{label.capitalize()}: ").strip()
            if not options[key]:
                raise CommandError(f"--{key.replace('_', '-')} wajib diisi ({label}).")
        for key in ("tahun_mulai", "tahun_selesai"):
            try:
                options[key] = int(options[key])
            except ValueError as exc:
                raise CommandError(f"--{key.replace('_', '-')} harus berupa tahun.") from exc
        if not options["admin_password"]:
            if interactive:
                options["admin_password"] = getpass.getpass("Kata sandi admin: ")
            elif not options["no_input"]:
                options["admin_password"] = sys.stdin.readline().rstrip("\n")
        if not options["admin_password"]:
            raise CommandError("--admin-password wajib diisi.")

    def _check(self, judul: str, path: str | None, check) -> HasilLembar | None:
        if not path:
            return None
        try:
            with open(path, "rb") as berkas:
                hasil = check(berkas)
        except OSError as exc:
            raise CommandError(f"Lembar {judul} {path} tidak dapat dibuka: {exc.strerror}.") from exc
        self.stdout.write(f"Lembar {judul}: {len(hasil.baris)} baris dibaca.")
        if hasil.sah:
            return hasil
        for error in hasil.errors:
            self.stderr.write(f"  {error}")
        for masalah in hasil.masalah_list():
            nomor = ", ".join(str(n) for n in masalah["baris"]) + (", …" if masalah["lebih"] else "")
            self.stderr.write(f"  {masalah['label']}: {masalah['jumlah']} baris ({nomor})")
        for baris in hasil.baris_salah[:50]:
            self.stderr.write(f"  baris {baris.nomor}: " + " ".join(pesan for _jenis, pesan in baris.errors))
        raise CommandError(f"Lembar {judul} berisi kesalahan; tidak ada yang disimpan.")

    def _profil_create(self, options) -> None:
        logo = None
        if options["logo"]:
            path = Path(options["logo"])
            try:
                logo = File(path.open("rb"), name=path.name)
            except OSError as exc:
                raise CommandError(f"Logo {path} tidak dapat dibuka: {exc.strerror}.") from exc
            if upload_validate(logo) not in (JPG, PNG):
                raise CommandError("Logo harus berupa gambar PNG atau JPG.")
        profil, admin = profil_daerah_create(
            nama_daerah=options["nama"],
            jenis=options["jenis"],
            provinsi=options["provinsi"],
            kode=options["kode"],
            tahun_rad_mulai=options["tahun_mulai"],
            tahun_rad_selesai=options["tahun_selesai"],
            admin_username=options["admin_username"],
            admin_email=options["admin_email"],
            admin_nama_lengkap=options["admin_nama"],
            admin_password=options["admin_password"],
            logo=logo,
        )
        self.stdout.write(f"{profil.nama_lengkap} disiapkan; Admin Sekretariat: {admin.username}.")
