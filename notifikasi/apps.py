"""App config for Notifikasi."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifikasiConfig(AppConfig):
    name = "notifikasi"
    verbose_name = _("Notifikasi")

    def ready(self):
        from . import signals  # noqa: F401 (events of the apps below, which cannot call this one)
