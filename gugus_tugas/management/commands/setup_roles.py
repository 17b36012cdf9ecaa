"""setup_roles: create or refresh one group per role with its model permissions."""

from django.core.management.base import BaseCommand

from gugus_tugas.services import roles_setup


class Command(BaseCommand):
    help = "Membuat atau memperbarui grup peran beserta izinnya."

    def handle(self, *args, **options):
        for name, count in roles_setup().items():
            self.stdout.write(f"{name}: {count} izin")
