"""App config for RAD KLA."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _impor_berkas() -> list[str]:
    from .models import ImporRad

    return list(ImporRad.objects.exclude(berkas="").values_list("berkas", flat=True))


class RadKlaConfig(AppConfig):
    name = "rad_kla"
    verbose_name = _("RAD KLA")

    def ready(self):
        from core.storage import BERKAS_LAIN

        from . import signals  # noqa: F401 (connects the progress receivers)

        # Pending imports name their upload in a text column; the orphan sweep must keep those.
        BERKAS_LAIN.append(_impor_berkas)
