"""App config for the organisation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GugusTugasConfig(AppConfig):
    name = "gugus_tugas"
    verbose_name = _("Gugus Tugas")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import dua_langkah_session_set

        user_logged_in.connect(dua_langkah_session_set, dispatch_uid="dua_langkah_session_set")
