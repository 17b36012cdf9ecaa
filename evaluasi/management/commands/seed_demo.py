"""seed_demo: idempotent demo data for Kota Metro across every app."""

import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from evaluasi.demo import demo_evaluasi_seed
from gugus_tugas.demo import DEMO_USERS, demo_organisasi_seed, demo_rapat_seed
from gugus_tugas.models import User
from kasus.demo import demo_kasus_seed
from notifikasi.services import email_pause
from rad_kla.demo import demo_rad_seed


class Command(BaseCommand):
    help = "Mengisi data demo Kota Metro (aman dijalankan berulang kali)."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Kata sandi untuk semua akun demo.")
        parser.add_argument("--scale", type=int, default=1, help="Pengali data RAD dan kasus untuk uji beban.")
        parser.add_argument("--force", action="store_true", help="Izinkan dijalankan saat DEBUG=False.")
        parser.add_argument("--if-empty", action="store_true", help="Hanya isi bila basis data belum berisi pengguna.")

    def handle(self, *args, password=None, scale=1, force=False, if_empty=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo menolak berjalan saat DEBUG=False; tambahkan --force bila memang disengaja.")
        if scale < 1:
            raise CommandError("--scale harus bilangan bulat 1 atau lebih.")
        if if_empty and User.objects.exists():
            self.stdout.write("Basis data sudah berisi data; data demo tidak diisi ulang.")
            self._print_logins([(demo.username, False) for demo in DEMO_USERS], None)
            return
        new_password = password or secrets.token_urlsafe(9)
        # The demo's notifications are in the inboxes, not mailed to the demo addresses.
        with email_pause(), transaction.atomic():
            users = demo_organisasi_seed(password=password, new_password=new_password)
            demo_kasus_seed()
            demo_rad_seed()
            if scale > 1:
                _demo_scale(scale)
            demo_rapat_seed()
            demo_evaluasi_seed()
        self.stdout.write(self.style.SUCCESS("Data demo Kota Metro siap."))
        shown = password or (new_password if any(created for _, created in users) else None)
        self._print_logins([(demo.username, created) for demo, created in users], shown)

    def _print_logins(self, users: list[tuple[str, bool]], password: str | None) -> None:
        self.stdout.write("\nAkun demo (demo logins):")
        for username, created in users:
            user = User.objects.filter(username=username).first()
            peran = user.get_peran_display() if user else "-"
            self.stdout.write(f"  {username:<22} {peran}{'  (baru)' if created else ''}")
        if password:
            self.stdout.write(f"\nKata sandi (password): {password}")
        else:
            self.stdout.write(
                "\nKata sandi akun lama tidak diubah. Untuk mengatur ulang: "
                "python manage.py seed_demo --password KATA_SANDI_BARU"
            )


def _demo_scale(scale: int) -> None:
    """Load-test copies of the RAD and the cases live with the benchmarks, so they are imported only when asked for."""
    try:
        from tests.bench.scale import demo_kasus_scale, demo_rad_scale
    except ImportError as error:
        raise CommandError("--scale memerlukan folder tests/bench dari repositori (uji beban).") from error
    demo_kasus_scale(scale=scale)
    demo_rad_scale(scale=scale)
