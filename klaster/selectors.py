"""Reads of the KLA framework: active indicator sets, weight totals, predikat thresholds, framework versions."""

from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Sum

from core.queries import model_from_row, sql_rows

from .models import Indikator, Klaster, Predikat, VersiKerangka


def indikator_aktif_list(*, tahun: int) -> QuerySet[Indikator]:
    """Indicators in force in the given year."""
    return (
        Indikator.objects.filter(berlaku_mulai__lte=tahun)
        .filter(Q(berlaku_sampai__isnull=True) | Q(berlaku_sampai__gte=tahun))
        .select_related("klaster")
        .order_by("klaster__urutan", "urutan")
    )


def indikator_berlaku_list(*, tahun: int) -> list[Indikator]:
    """indikator_aktif_list of the year as a list, each with its cluster, in one fixed statement.

    For the pages that read the indicators in force on every visit (the dashboard).
    """
    indikator_fields = Indikator._meta.concrete_fields
    klaster_fields = Klaster._meta.concrete_fields
    sql = f"""
        SELECT {", ".join(f"i.{f.column}" for f in indikator_fields)},
            {", ".join(f"k.{f.column}" for f in klaster_fields)}
        FROM {Indikator._meta.db_table} i JOIN {Klaster._meta.db_table} k ON k.id = i.klaster_id
        WHERE i.berlaku_mulai <= %s AND (i.berlaku_sampai IS NULL OR i.berlaku_sampai >= %s)
        ORDER BY k.urutan, i.urutan
    """  # noqa: S608 - table and column names from the models, values as parameters
    klaster: dict[int, Klaster] = {}
    result = []
    n = len(indikator_fields)
    for row in sql_rows(sql, [tahun, tahun]):
        item = model_from_row(Indikator, row[:n])
        if row[n] not in klaster:
            klaster[row[n]] = model_from_row(Klaster, row[n:])
        item.klaster = klaster[row[n]]
        result.append(item)
    return result


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
    """The predikat scale, lowest first; one fixed statement (read by the dashboard on every visit)."""
    return list(Predikat.objects.raw(f"SELECT * FROM {Predikat._meta.db_table} ORDER BY skor_minimum, id"))  # noqa: S608


def versi_kerangka_get(*, tahun: int) -> VersiKerangka | None:
    """The framework version in force in the given year: the latest one started by then and not ended."""
    return (
        VersiKerangka.objects.filter(berlaku_mulai__lte=tahun)
        .filter(Q(berlaku_sampai__isnull=True) | Q(berlaku_sampai__gte=tahun))
        .order_by("-berlaku_mulai")
        .first()
    )
