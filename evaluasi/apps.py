"""App config for Evaluasi."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluasiConfig(AppConfig):
    name = "evaluasi"
    verbose_name = _("Evaluasi")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .dashboard import beranda_expire

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(beranda_expire, dispatch_uid=f"beranda-kedaluwarsa-{id(signal)}")
