"""App config for Kasus."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KasusConfig(AppConfig):
    name = "kasus"
    verbose_name = _("Kasus")
