"""App config for the organisation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GugusTugasConfig(AppConfig):
    name = "gugus_tugas"
    verbose_name = _("Gugus Tugas")
