"""Reads of the RAD KLA: filtered action lists with progress computed in SQL, roll-ups, completeness.

Semantics: a realisation's nilai_capaian is the level reached by the end of its period
(cumulative within the year), so the latest reported period gives the year's capaian;
realisasi_anggaran is what was spent in that period, so the year's spending is their sum.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    FilteredRelation,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, Greatest, RowNumber
from django.utils import timezone

from gugus_tugas.models import OPD, TindakLanjut, User
from gugus_tugas.rules import is_admin_sekretariat, is_koordinator_klaster, is_pelaksana_kla
from gugus_tugas.selectors import tindak_lanjut_list
from klaster.models import Indikator, Klaster

from .models import BuktiDukung, EksporRad, ImporRad, PeriodePelaporan, Realisasi, RencanaAksi, TargetTahunan

if TYPE_CHECKING:
    from .filters import RencanaFilter

DILAPORKAN = (Realisasi.Status.DIAJUKAN, Realisasi.Status.DIVERIFIKASI)
# Within 15 % of the pro-rated target is on track; up to 30 % behind needs attention.
BATAS_SESUAI = 0.85
BATAS_PERHATIAN = 0.70


class StatusProgres:
    SESUAI = "sesuai"
    PERHATIAN = "perhatian"
    TERLAMBAT = "terlambat"
    BELUM_LAPOR = "belum_lapor"
    TANPA_TARGET = "tanpa_target"

    LABELS = {
        SESUAI: "Sesuai target",
        PERHATIAN: "Perlu perhatian",
        TERLAMBAT: "Tertinggal",
        BELUM_LAPOR: "Belum ada laporan",
        TANPA_TARGET: "Tanpa target",
    }


def _porsi_expression(periode: str = "periode"):
    """Share of the year covered by a period, from its kind and number (`periode` is the path to it)."""
    nomor = Cast(f"{periode}__nomor", FloatField())
    return Case(
        When(**{f"{periode}__jenis": PeriodePelaporan.Jenis.TRIWULAN}, then=nomor / 4.0),
        When(**{f"{periode}__jenis": PeriodePelaporan.Jenis.SEMESTER}, then=nomor / 2.0),
        When(**{f"{periode}__isnull": True}, then=Value(None)),
        default=Value(1.0),
        output_field=FloatField(),
    )


def progres_annotations(*, tahun: int, hanya_terverifikasi: bool = False) -> dict:
    """Annotations for a RencanaAksi queryset: the year's target, pagu, capaian %, serapan %, status.

    The target is joined (one row per action and year). The latest report's capaian and status are
    each one correlated subquery that computes them from that report's own columns, so no subquery is
    repeated inside another expression: under a sort and a LIMIT, PostgreSQL runs them for the page's
    rows only, and a full list costs a few index lookups per action. Queries that need every action's
    status or a sum over all of them use the set-based SQL of _progres_sql instead.
    """
    statuses = (Realisasi.Status.DIVERIFIKASI,) if hanya_terverifikasi else DILAPORKAN
    reported = Realisasi.objects.filter(rencana_aksi=OuterRef("pk"), periode__tahun=tahun, status__in=statuses)
    latest = reported.order_by("-periode__selesai").annotate(
        target_aksi=Cast(OuterRef("target_tahun"), FloatField()),
        nilai=Cast("nilai_capaian", FloatField()),
        arah_aksi=ExpressionWrapper(OuterRef("arah"), output_field=CharField()),
        porsi=_porsi_expression(),
    )
    t, n = F("target_aksi"), F("nilai")
    capaian = Case(
        When(Q(target_aksi__isnull=True) | Q(nilai__isnull=True), then=Value(None)),
        When(Q(target_aksi=0, arah_aksi=Indikator.Arah.NAIK), then=Value(100.0)),
        When(Q(target_aksi=0, arah_aksi=Indikator.Arah.TURUN, nilai=0), then=Value(100.0)),
        When(Q(target_aksi=0, arah_aksi=Indikator.Arah.TURUN), then=Value(0.0)),
        When(arah_aksi=Indikator.Arah.TURUN, then=Greatest((2 * t - n) * 100.0 / t, Value(0.0))),
        default=n * 100.0 / t,
        output_field=FloatField(),
    )
    expected = F("porsi") * 100.0
    status = Case(
        When(capaian__isnull=True, then=Value(StatusProgres.BELUM_LAPOR)),
        When(
            capaian__gte=ExpressionWrapper(expected * BATAS_SESUAI, output_field=FloatField()),
            then=Value(StatusProgres.SESUAI),
        ),
        When(
            capaian__gte=ExpressionWrapper(expected * BATAS_PERHATIAN, output_field=FloatField()),
            then=Value(StatusProgres.PERHATIAN),
        ),
        default=Value(StatusProgres.TERLAMBAT),
    )
    spent = reported.order_by().values("rencana_aksi").annotate(total=Sum("realisasi_anggaran")).values("total")
    with_capaian = latest.annotate(capaian=capaian)
    return {
        "target_ini": FilteredRelation("target", condition=Q(target__tahun=tahun)),
        "target_tahun": F("target_ini__target"),
        "pagu_tahun": F("target_ini__pagu"),
        "nilai_terakhir": Subquery(latest.values("nilai_capaian")[:1]),
        "anggaran_tahun": Coalesce(Subquery(spent, output_field=IntegerField()), Value(0)),
        "capaian_persen": Subquery(with_capaian.values("capaian")[:1], output_field=FloatField()),
        "serapan_persen": Case(
            When(pagu_tahun__gt=0, then=Cast(F("anggaran_tahun"), FloatField()) * 100.0 / F("pagu_tahun")),
            default=Value(None),
            output_field=FloatField(),
        ),
        "status_progres": Case(
            When(target_tahun__isnull=True, then=Value(StatusProgres.TANPA_TARGET)),
            default=Coalesce(
                Subquery(with_capaian.annotate(progres=status).values("progres")[:1]),
                Value(StatusProgres.BELUM_LAPOR),
            ),
        ),
    }


def _with_progres(qs: QuerySet[RencanaAksi], *, tahun: int, hanya_terverifikasi: bool = False) -> QuerySet:
    annotations = progres_annotations(tahun=tahun, hanya_terverifikasi=hanya_terverifikasi)
    # Each annotation may refer to the ones before it, so they are applied in order.
    for name, expression in annotations.items():
        qs = qs.annotate(**{name: expression})
    return qs


def _realisasi_visible_q(user: User) -> Q | None:
    """Which realisations the user may read, as rules.py's rad_kla.lihat_realisasi says; None for none."""
    if not is_pelaksana_kla(user):
        return None
    if is_admin_sekretariat(user):
        return Q()
    q = Q(status__in=DILAPORKAN)
    if user.opd_id is not None:
        q |= Q(rencana_aksi__opd_id=user.opd_id)
    if is_koordinator_klaster(user) and user.klaster_id is not None:
        q |= Q(rencana_aksi__indikator__klaster_id=user.klaster_id)
    return q


def realisasi_visible(*, user: User | None = None, published_only: bool = False) -> QuerySet[Realisasi]:
    """Realisations the user may read: submitted and verified ones, and the drafts of those who work on them.

    published_only=True gives the submitted and verified ones whoever reads: what a report shows, with no reader.
    """
    q = Q(status__in=DILAPORKAN) if published_only else _realisasi_visible_q(user)
    return Realisasi.objects.none() if q is None else Realisasi.objects.filter(q)


def rencana_list(
    *,
    user: User | None,
    tahun: int,
    filters: dict | None = None,
    published_only: bool = False,
    filterset: "RencanaFilter | None" = None,
) -> QuerySet[RencanaAksi]:
    """Active actions matching the filters, each annotated with its progress in `tahun`.

    Everyone who may read the RAD reads all of it; writing is limited by rules. The status filter looks
    only at realisations the user may read (published_only: see realisasi_visible), so it does not tell who
    has a draft.
    filters: the data of rad_kla.filters.RencanaFilter (klaster, indikator, opd as ids; q; status; progres, a
    StatusProgres value), a dict or the page's GET; a bad value is ignored.
    filterset: a RencanaFilter already built for this user and year (the page's, which also draws the form),
    applied instead of `filters`, so the values are read and checked once.
    """
    # The filters read the year's progress from this module, so they are imported when used.
    from .filters import RencanaFilter

    base = RencanaAksi.objects.filter(aktif=True).select_related("indikator__klaster", "opd")
    if filterset is not None:
        qs = filterset.filter_queryset(base)
    else:
        qs = RencanaFilter(data=filters or {}, queryset=base, user=user, tahun=tahun, published_only=published_only).qs
    qs = _with_progres(qs, tahun=tahun)
    return qs.order_by("indikator__klaster__urutan", "indikator__urutan", "kode")


def rencana_saya(*, user: User, tahun: int) -> QuerySet[RencanaAksi]:
    """The actions the user's OPD is responsible for, with progress in `tahun`."""
    if user.opd_id is None:
        return RencanaAksi.objects.none()
    return rencana_list(user=user, tahun=tahun).filter(opd_id=user.opd_id)


def slot_terbuka_tandai(*, rencana: list[RencanaAksi], periode_list: list[PeriodePelaporan]) -> None:
    """Give each action `slot_terbuka`: (period, its realisation or None) per open period, in one query."""
    laporan = (
        {
            (r.rencana_aksi_id, r.periode_id): r
            for r in Realisasi.objects.filter(
                rencana_aksi__in=[r.pk for r in rencana], periode__in=[p.pk for p in periode_list]
            ).only("pk", "rencana_aksi_id", "periode_id", "status", "catatan_verifikator")
        }
        if rencana and periode_list
        else {}
    )
    for item in rencana:
        item.slot_terbuka = [(p, laporan.get((item.pk, p.pk))) for p in periode_list]


def realisasi_dikembalikan_list(*, user: User) -> QuerySet[Realisasi]:
    """Realisations of the user's OPD returned by a verifier and not yet resubmitted, oldest first."""
    if user.opd_id is None:
        return Realisasi.objects.none()
    return (
        Realisasi.objects.filter(status=Realisasi.Status.DIKEMBALIKAN, rencana_aksi__opd_id=user.opd_id)
        .select_related("rencana_aksi", "periode")
        .order_by("diperiksa_pada")
    )


def rencana_get(*, pk: int) -> RencanaAksi:
    return (
        RencanaAksi.objects.select_related("indikator__klaster", "opd", "lokasi")
        .prefetch_related("opd_terkait", "target")
        .get(pk=pk)
    )


def tindak_lanjut_rencana_list(*, rencana: RencanaAksi, user: User) -> QuerySet[TindakLanjut]:
    """Meeting follow-ups linked to the action that the user may see."""
    return tindak_lanjut_list(user=user).filter(rencana_aksi=rencana)


def tindak_lanjut_pilihan_list(*, rencana: RencanaAksi, user: User) -> QuerySet[TindakLanjut]:
    """Unfinished follow-ups of the action's OPDs, not yet linked to it, that the user may see."""
    opd_ids = [rencana.opd_id, *(opd.pk for opd in rencana.opd_terkait.all())]
    return (
        tindak_lanjut_list(user=user)
        .filter(opd_id__in=opd_ids)
        .exclude(status=TindakLanjut.Status.SELESAI)
        .exclude(rencana_aksi=rencana)
    )


def realisasi_rencana_list(*, rencana: RencanaAksi, user: User) -> QuerySet[Realisasi]:
    """The action's realisations the user may read, latest period first."""
    return (
        realisasi_visible(user=user)
        .filter(rencana_aksi=rencana)
        .select_related("periode", "diajukan_oleh", "diperiksa_oleh")
        .annotate(jumlah_bukti=Count("bukti"))
        .order_by("-periode__tahun", "-periode__nomor")
    )


def realisasi_get(*, user: User, pk: int) -> Realisasi:
    """A realisation the user may read; Realisasi.DoesNotExist otherwise, as if there were none."""
    return (
        realisasi_visible(user=user)
        .select_related(
            "rencana_aksi__indikator__klaster", "rencana_aksi__opd", "periode", "diajukan_oleh", "diperiksa_oleh"
        )
        .get(pk=pk)
    )


def bukti_get(*, user: User, pk: int) -> BuktiDukung:
    """An evidence file the user may have (owner OPD, verifying coordinator, secretariat); DoesNotExist otherwise."""
    bukti = BuktiDukung.objects.select_related("realisasi__rencana_aksi__indikator").get(pk=pk)
    if not user.has_perm("rad_kla.unduh_bukti", bukti):
        raise BuktiDukung.DoesNotExist
    return bukti


def realisasi_antrean_list(*, user: User) -> QuerySet[Realisasi]:
    """Submitted realisations waiting for this user: a coordinator's cluster, or all for the admin."""
    qs = Realisasi.objects.filter(status=Realisasi.Status.DIAJUKAN).select_related(
        "rencana_aksi__indikator__klaster", "rencana_aksi__opd", "periode"
    )
    if not user.has_perm("rad_kla.kelola_rad"):
        if user.klaster_id is None:
            return qs.none()
        qs = qs.filter(rencana_aksi__indikator__klaster_id=user.klaster_id)
    return qs.annotate(jumlah_bukti=Count("bukti")).order_by("diajukan_pada")


def periode_list(*, tahun: int | None = None) -> QuerySet[PeriodePelaporan]:
    qs = PeriodePelaporan.objects.all()
    if tahun:
        qs = qs.filter(tahun=tahun)
    return qs.order_by("-tahun", "jenis", "nomor")


def periode_get(*, pk: int) -> PeriodePelaporan:
    """One reporting period; PeriodePelaporan.DoesNotExist when there is none."""
    return PeriodePelaporan.objects.get(pk=pk)


def laporan_periode_tandai(
    *,
    rencana: list[RencanaAksi],
    periode: PeriodePelaporan,
    user: User | None = None,
    published_only: bool = False,
) -> None:
    """Give each action `laporan_periode`: its realisation for the period that the reader may read, or None.

    One query; the reader is as in realisasi_visible.
    """
    laporan = {}
    if rencana:
        laporan = {
            r.rencana_aksi_id: r
            for r in realisasi_visible(user=user, published_only=published_only).filter(
                rencana_aksi__in=[r.pk for r in rencana], periode=periode
            )
        }
    for item in rencana:
        item.laporan_periode = laporan.get(item.pk)


def periode_terbuka_list() -> QuerySet[PeriodePelaporan]:
    return PeriodePelaporan.objects.filter(terbuka=True).order_by("tahun", "nomor")


@dataclass(frozen=True)
class RekapKlaster:
    klaster: Klaster
    jumlah_aksi: int
    capaian_persen: float | None
    serapan_persen: float | None
    pagu: int
    anggaran: int


def _progres_sql(*, tahun: int, hanya_terverifikasi: bool = False) -> tuple[str, list]:
    """SQL of every active action's progress in `tahun`: id, indikator_id, opd_id, pagu, anggaran, capaian, status.

    The same maths as progres_annotations, set-based: the year's reports are grouped per action in
    one pass, and the latest reported period is found by asking each period of the year in turn,
    latest first. No sort, no correlated subquery, so it stays fast when every action is needed.
    Plain SQL that SQLite (the embedded default) and PostgreSQL both run; tests/rad_kla/test_progres.py
    holds both versions to one result.
    """
    statuses = (Realisasi.Status.DIVERIFIKASI,) if hanya_terverifikasi else DILAPORKAN
    aksi, target, realisasi = RencanaAksi._meta.db_table, TargetTahunan._meta.db_table, Realisasi._meta.db_table
    periode_list = list(PeriodePelaporan.objects.filter(tahun=tahun).order_by("-selesai", "-nomor"))
    # The first period (latest first, as progres_annotations orders them) with a report gives the level
    # reached and the share of the year. Written over the group's aggregates, each is computed once per action.
    ada = "MAX(CASE WHEN r.periode_id = %s THEN 1 ELSE 0 END) = 1"
    nilai = " ".join(f"WHEN {ada} THEN MAX(CASE WHEN r.periode_id = %s THEN r.nilai_capaian END)" for _ in periode_list)
    porsi = " ".join(f"WHEN {ada} THEN %s" for _ in periode_list)
    nilai_params = [pk for p in periode_list for pk in (p.pk, p.pk)]
    porsi_params = [value for p in periode_list for value in (p.pk, p.porsi_tahun)]
    if not periode_list:
        # No period in the year, so no report: typed NULLs keep the expressions below numeric.
        nilai, porsi = "WHEN 1 = 0 THEN MAX(r.nilai_capaian)", "WHEN 1 = 0 THEN 1.0"
    periode_ids = [p.pk for p in periode_list] or [0]
    t, n = "CAST(t.target AS DOUBLE PRECISION)", "CAST(l.nilai_capaian AS DOUBLE PRECISION)"
    turun = f"(2 * {t} - {n}) * 100.0 / {t}"
    capaian = f"""CASE
        WHEN t.target IS NULL OR l.nilai_capaian IS NULL THEN NULL
        WHEN t.target = 0 AND a.arah = %s THEN 100.0
        WHEN t.target = 0 AND a.arah = %s AND l.nilai_capaian = 0 THEN 100.0
        WHEN t.target = 0 AND a.arah = %s THEN 0.0
        WHEN a.arah = %s THEN CASE WHEN {turun} < 0 THEN 0.0 ELSE {turun} END
        ELSE {n} * 100.0 / {t} END"""
    arah = [Indikator.Arah.NAIK, Indikator.Arah.TURUN, Indikator.Arah.TURUN, Indikator.Arah.TURUN]
    status = """CASE
        WHEN x.target IS NULL THEN %s
        WHEN x.capaian IS NULL THEN %s
        WHEN x.capaian >= x.porsi * 100.0 * %s THEN %s
        WHEN x.capaian >= x.porsi * 100.0 * %s THEN %s
        ELSE %s END"""
    status_params = [
        StatusProgres.TANPA_TARGET,
        StatusProgres.BELUM_LAPOR,
        BATAS_SESUAI,
        StatusProgres.SESUAI,
        BATAS_PERHATIAN,
        StatusProgres.PERHATIAN,
        StatusProgres.TERLAMBAT,
    ]
    sql = f"""
        SELECT x.id, x.indikator_id, x.opd_id, x.pagu, x.anggaran, x.capaian, {status} AS status
        FROM (
            SELECT a.id, a.indikator_id, a.opd_id, t.target, t.pagu, l.porsi,
                COALESCE(l.anggaran_tahun, 0) AS anggaran, {capaian} AS capaian
            FROM {aksi} a
            LEFT OUTER JOIN {target} t ON t.rencana_aksi_id = a.id AND t.tahun = %s
            LEFT OUTER JOIN (
                SELECT r.rencana_aksi_id, SUM(r.realisasi_anggaran) AS anggaran_tahun,
                    CASE {nilai} END AS nilai_capaian, CASE {porsi} END AS porsi
                FROM {realisasi} r
                WHERE r.periode_id IN ({", ".join(["%s"] * len(periode_ids))})
                    AND r.status IN ({", ".join(["%s"] * len(statuses))})
                GROUP BY r.rencana_aksi_id
            ) l ON l.rencana_aksi_id = a.id
            WHERE a.aktif = %s
        ) x
    """  # noqa: S608 (only this module's table names and fixed fragments are interpolated; values are parameters)
    params = [*status_params, *arah, tahun, *nilai_params, *porsi_params, *periode_ids, *statuses, True]
    return sql, params


def _rencana_ids_berstatus(*, tahun: int, status: str) -> list[int]:
    """Ids of the active actions whose progress in `tahun` has this status.

    Filtering needs every action's status, so it comes from the set-based SQL, read once here: as a
    subquery it would run again for the paginator's count and for the page.
    """
    progres, params = _progres_sql(tahun=tahun)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT p.id FROM ({progres}) p WHERE p.status = %s", [*params, status])  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def progres_jumlah(*, tahun: int, opd_id: int | None = None) -> dict[str, int]:
    """How many active actions (of one OPD when given) are in each progress state in `tahun`, in one query.

    Every StatusProgres value is a key, zero when no action is in it.
    """
    progres, params = _progres_sql(tahun=tahun)
    where, extra = ("WHERE p.opd_id = %s", [opd_id]) if opd_id is not None else ("", [])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT p.status, COUNT(*) FROM ({progres}) p {where} GROUP BY p.status", [*params, *extra])  # noqa: S608
        counted = dict(cursor.fetchall())
    return {status: counted.get(status, 0) for status in StatusProgres.LABELS}


def _rekap_sel(*, tahun: int, hanya_terverifikasi: bool = False) -> list[dict]:
    """The year's progress summed per indicator and OPD (over-achievement capped at 100 %), in one query.

    Every roll-up folds these cells, so a page showing several roll-ups reads the reports once.
    """
    progres, params = _progres_sql(tahun=tahun, hanya_terverifikasi=hanya_terverifikasi)
    sql = f"""
        SELECT a.indikator_id, a.opd_id, COUNT(*) AS jumlah_aksi,
            SUM(CASE WHEN a.capaian > 100.0 THEN 100.0 ELSE a.capaian END) AS capaian_jumlah,
            COUNT(a.capaian) AS capaian_n, COALESCE(SUM(a.pagu), 0) AS pagu, COALESCE(SUM(a.anggaran), 0) AS anggaran
        FROM ({progres}) a
        GROUP BY a.indikator_id, a.opd_id
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _rekap_fold(sel: list[dict], key: str) -> dict[int, dict]:
    """Sum the cells per `key`; the mean capaian is over the actions that have one."""
    totals = {}
    for row in sel:
        total = totals.setdefault(
            row[key], {"jumlah_aksi": 0, "capaian_jumlah": 0.0, "capaian_n": 0, "pagu": 0, "anggaran": 0}
        )
        total["jumlah_aksi"] += row["jumlah_aksi"]
        total["capaian_jumlah"] += float(row["capaian_jumlah"] or 0)
        total["capaian_n"] += row["capaian_n"]
        # SQLite hands sums back as floats and PostgreSQL as Decimal: money is whole Rupiah either way.
        total["pagu"] += int(row["pagu"])
        total["anggaran"] += int(row["anggaran"])
    return {
        pk: {
            "jumlah_aksi": t["jumlah_aksi"],
            "capaian_persen": t["capaian_jumlah"] / t["capaian_n"] if t["capaian_n"] else None,
            "pagu": t["pagu"],
            "anggaran": t["anggaran"],
        }
        for pk, t in totals.items()
    }


def _rekap_opd_dari(sel: list[dict]) -> list[dict]:
    per_opd = _rekap_fold(sel, "opd_id")
    result = []
    for opd in OPD.objects.filter(pk__in=per_opd).order_by("singkatan"):
        row = per_opd[opd.pk]
        serapan = row["anggaran"] * 100.0 / row["pagu"] if row["pagu"] else None
        result.append(
            {"opd_id": opd.pk, "opd__singkatan": opd.singkatan, "opd__nama": opd.nama, **row, "serapan_persen": serapan}
        )
    return result


def _rekap_indikator_dari(sel: list[dict]) -> list[dict]:
    per_indikator = _rekap_fold(sel, "indikator_id")
    return [
        {
            "indikator_id": indikator.pk,
            "indikator__kode": indikator.kode,
            "indikator__nama": indikator.nama,
            "indikator__bobot": indikator.bobot,
            "indikator__klaster_id": indikator.klaster_id,
            **per_indikator[indikator.pk],
        }
        for indikator in Indikator.objects.filter(pk__in=per_indikator).order_by("urutan", "pk")
    ]


def _rekap_klaster_dari(per_indikator: list[dict]) -> list[RekapKlaster]:
    result = []
    for klaster in Klaster.objects.order_by("urutan"):
        rows = [r for r in per_indikator if r["indikator__klaster_id"] == klaster.pk]
        scored = [r for r in rows if r["capaian_persen"] is not None]
        bobot = sum((r["indikator__bobot"] for r in scored), Decimal(0))
        capaian = (
            float(sum(Decimal(str(r["capaian_persen"])) * r["indikator__bobot"] for r in scored) / bobot)
            if bobot
            else None
        )
        pagu = sum(r["pagu"] for r in rows)
        anggaran = sum(r["anggaran"] for r in rows)
        result.append(
            RekapKlaster(
                klaster=klaster,
                jumlah_aksi=sum(r["jumlah_aksi"] for r in rows),
                capaian_persen=capaian,
                serapan_persen=anggaran * 100.0 / pagu if pagu else None,
                pagu=pagu,
                anggaran=anggaran,
            )
        )
    return result


def rekap_opd(*, tahun: int) -> list[dict]:
    """Per OPD: number of actions, mean capaian (capped at 100 %), pagu, spending and serapan."""
    return _rekap_opd_dari(_rekap_sel(tahun=tahun))


def rekap_indikator(*, tahun: int, hanya_terverifikasi: bool = False) -> list[dict]:
    """Per indicator: number of actions and mean capaian (capped at 100 %)."""
    return _rekap_indikator_dari(_rekap_sel(tahun=tahun, hanya_terverifikasi=hanya_terverifikasi))


def rekap_klaster(*, tahun: int, hanya_terverifikasi: bool = False) -> list[RekapKlaster]:
    """Per cluster: capaian weighted by indicator bobot over indicators that have reports."""
    return _rekap_klaster_dari(rekap_indikator(tahun=tahun, hanya_terverifikasi=hanya_terverifikasi))


def rekap_tahun(*, tahun: int) -> tuple[list[RekapKlaster], list[dict]]:
    """rekap_klaster and rekap_opd of one year from a single read of its reports."""
    sel = _rekap_sel(tahun=tahun)
    return _rekap_klaster_dari(_rekap_indikator_dari(sel)), _rekap_opd_dari(sel)


def kelengkapan_laporan_list(*, periode: PeriodePelaporan) -> list[dict]:
    """Per OPD for one period: actions due, reported, and reported by the deadline."""
    deadline = timezone.make_aware(
        datetime.datetime.combine(periode.batas_lapor + datetime.timedelta(days=1), datetime.time())
    )
    # One realisation per action and period, and one target per action and year: joining exactly those
    # rows needs no DISTINCT (which made PostgreSQL sort every realisation of every year).
    laporan = Q(laporan__status__in=DILAPORKAN)
    rows = (
        RencanaAksi.objects.filter(aktif=True, target__tahun=periode.tahun)
        .annotate(laporan=FilteredRelation("realisasi", condition=Q(realisasi__periode=periode)))
        .values("opd_id", "opd__singkatan", "opd__nama")
        .annotate(
            wajib=Count("pk"),
            dilaporkan=Count("laporan", filter=laporan),
            tepat_waktu=Count("laporan", filter=laporan & Q(laporan__diajukan_pada__lt=deadline)),
        )
        .order_by("opd__singkatan")
    )
    return [
        {**row, "kelengkapan_persen": row["dilaporkan"] * 100.0 / row["wajib"] if row["wajib"] else None}
        for row in rows
    ]


def realisasi_terverifikasi_list(*, indikator_id: int, tahun_list: list[int]) -> QuerySet[Realisasi]:
    """Verified realisations of an indicator's actions in the given years: evidence a self-assessment may cite."""
    return (
        Realisasi.objects.filter(
            status=Realisasi.Status.DIVERIFIKASI,
            rencana_aksi__indikator_id=indikator_id,
            periode__tahun__in=tahun_list,
        )
        .select_related("rencana_aksi__opd", "periode")
        .order_by("-periode__tahun", "-periode__nomor", "rencana_aksi__kode")
    )


def rencana_angka_tahunan(*, rencana_ids: QuerySet, years: list[int]) -> tuple[dict, dict, dict]:
    """Per (action, year) of `rencana_ids`: (target, pagu), the latest reported capaian and the summed spending.

    The export's figures, in three queries whatever the number of actions; reported means submitted
    or verified, as for the progress above.
    """
    targets = {
        (rencana_id, tahun): (target, pagu)
        for rencana_id, tahun, target, pagu in TargetTahunan.objects.filter(
            rencana_aksi__in=rencana_ids, tahun__in=years
        ).values_list("rencana_aksi_id", "tahun", "target", "pagu")
    }
    reported = Realisasi.objects.filter(rencana_aksi__in=rencana_ids, periode__tahun__in=years, status__in=DILAPORKAN)
    latest = (
        reported.annotate(
            urutan=Window(
                RowNumber(),
                partition_by=[F("rencana_aksi_id"), F("periode__tahun")],
                order_by=F("periode__selesai").desc(),
            )
        )
        .filter(urutan=1)
        .values_list("rencana_aksi_id", "periode__tahun", "nilai_capaian")
    )
    capaian = {(rencana_id, tahun): nilai for rencana_id, tahun, nilai in latest}
    spent = (
        reported.order_by()
        .values("rencana_aksi_id", "periode__tahun")
        .annotate(total=Sum("realisasi_anggaran"))
        .values_list("rencana_aksi_id", "periode__tahun", "total")
    )
    anggaran = {(rencana_id, tahun): total for rencana_id, tahun, total in spent}
    return targets, capaian, anggaran


def impor_rad_get(*, user: User, pk: int) -> ImporRad:
    """An import of this user; another user's import does not exist for them (ImporRad.DoesNotExist)."""
    return ImporRad.objects.get(pk=pk, diunggah_oleh=user)


def ekspor_rad_get(*, user: User, pk: int) -> EksporRad:
    """An export of this user; another user's export does not exist for them (EksporRad.DoesNotExist)."""
    return EksporRad.objects.get(pk=pk, diminta_oleh=user)


def ekspor_rad_list(*, user: User, limit: int = 10) -> list[EksporRad]:
    return list(EksporRad.objects.filter(diminta_oleh=user)[:limit])
