"""Writes to the KLA framework; weights change only as a set that sums to 1000."""

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .kerangka import kerangka_ensure, versi_kerangka_ensure
from .models import SKOR_MAKSIMUM, Indikator, Klaster, Predikat, VersiKerangka
from .selectors import bobot_total_get, indikator_aktif_list


def bobot_validate(*, tahun: int) -> None:
    """Raise when the weights of the indicators in force in a year do not sum to 1000."""
    total = bobot_total_get(tahun=tahun)
    if total != SKOR_MAKSIMUM:
        raise ValidationError(
            _("Jumlah bobot indikator tahun %(tahun)s adalah %(total)s; harus tepat %(maks)s.")
            % {"tahun": tahun, "total": total, "maks": SKOR_MAKSIMUM},
            code="bobot_total",
        )


@transaction.atomic
def indikator_bobot_set(*, bobot: Mapping[int, Decimal], tahun: int) -> list[Indikator]:
    """Set several weights at once; rolled back unless the year's set sums to 1000."""
    indikator = {i.pk: i for i in indikator_aktif_list(tahun=tahun).select_for_update(of=("self",))}
    unknown = set(bobot) - set(indikator)
    if unknown:
        raise ValidationError(
            _("Indikator %(ids)s tidak berlaku pada tahun %(tahun)s.")
            % {"ids": ", ".join(str(pk) for pk in sorted(unknown)), "tahun": tahun}
        )
    changed = []
    for pk, value in bobot.items():
        item = indikator[pk]
        item.bobot = Decimal(value)
        item.full_clean()
        item.save(update_fields=["bobot"])
        changed.append(item)
    bobot_validate(tahun=tahun)
    return changed


@transaction.atomic
def kerangka_seed() -> int:
    """Restore any missing part of the published framework; edited rows stay as they are."""
    created = kerangka_ensure(klaster_model=Klaster, indikator_model=Indikator, predikat_model=Predikat)
    return created + versi_kerangka_ensure(versi_model=VersiKerangka)
