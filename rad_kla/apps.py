"""App config for RAD KLA."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RadKlaConfig(AppConfig):
    name = "rad_kla"
    verbose_name = _("RAD KLA")
