"""Reads of the KLA framework: active indicator sets, weight totals, predikat thresholds, framework versions."""

from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Sum

from .models import Indikator, Klaster, Predikat, VersiKerangka


def indikator_aktif_list(*, tahun: int) -> QuerySet[Indikator]:
    """Indicators in force in the given year."""
    return (
        Indikator.objects.filter(berlaku_mulai__lte=tahun)
        .filter(Q(berlaku_sampai__isnull=True) | Q(berlaku_sampai__gte=tahun))
        .select_related("klaster")
        .order_by("klaster__urutan", "urutan")
    )


def indikator_list() -> QuerySet[Indikator]:
    """Every indicator of every framework version, in one query (an import matches its rows against them)."""
    return Indikator.objects.all()


def bobot_total_get(*, tahun: int) -> Decimal:
    total = indikator_aktif_list(tahun=tahun).aggregate(total=Sum("bobot"))["total"]
    return total or Decimal(0)


def klaster_list(*, tahun: int) -> QuerySet[Klaster]:
    """Clusters with their indicators for the year, in two queries."""
    return Klaster.objects.prefetch_related(
        Prefetch("indikator", queryset=indikator_aktif_list(tahun=tahun), to_attr="indikator_aktif")
    )


def klaster_get(*, pk: int) -> Klaster:
    """One cluster; Klaster.DoesNotExist when there is none."""
    return Klaster.objects.get(pk=pk)


def predikat_list() -> list[Predikat]:
    return list(Predikat.objects.order_by("skor_minimum"))


def versi_kerangka_get(*, tahun: int) -> VersiKerangka | None:
    """The framework version in force in the given year: the latest one started by then and not ended."""
    return (
        VersiKerangka.objects.filter(berlaku_mulai__lte=tahun)
        .filter(Q(berlaku_sampai__isnull=True) | Q(berlaku_sampai__gte=tahun))
        .order_by("-berlaku_mulai")
        .first()
    )
