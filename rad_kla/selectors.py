"""Reads of the RAD KLA: filtered action lists with progress computed in SQL, roll-ups, completeness.

Semantics: a realisation's nilai_capaian is the level reached by the end of its period
(cumulative within the year), so the latest reported period gives the year's capaian;
realisasi_anggaran is what was spent in that period, so the year's spending is their sum.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Avg,
    Case,
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
)
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone

from gugus_tugas.models import TindakLanjut, User
from gugus_tugas.selectors import tindak_lanjut_list
from klaster.models import Indikator, Klaster

from .models import PeriodePelaporan, Realisasi, RencanaAksi

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
    """Annotations for a RencanaAksi queryset: the year's target, pagu, capaian %, serapan %, status."""
    statuses = (Realisasi.Status.DIVERIFIKASI,) if hanya_terverifikasi else DILAPORKAN
    reported = Realisasi.objects.filter(rencana_aksi=OuterRef("pk"), periode__tahun=tahun, status__in=statuses)
    latest = reported.order_by("-periode__selesai")
    spent = reported.order_by().values("rencana_aksi").annotate(total=Sum("realisasi_anggaran")).values("total")
    t = Cast(F("target_tahun"), FloatField())
    n = Cast(F("nilai_terakhir"), FloatField())
    capaian = Case(
        When(Q(target_tahun__isnull=True) | Q(nilai_terakhir__isnull=True), then=Value(None)),
        When(Q(target_tahun=0, arah=Indikator.Arah.NAIK), then=Value(100.0)),
        When(Q(target_tahun=0, arah=Indikator.Arah.TURUN, nilai_terakhir=0), then=Value(100.0)),
        When(Q(target_tahun=0, arah=Indikator.Arah.TURUN), then=Value(0.0)),
        When(arah=Indikator.Arah.TURUN, then=Greatest((2 * t - n) * 100.0 / t, Value(0.0))),
        default=n * 100.0 / t,
        output_field=FloatField(),
    )
    expected = F("porsi_terakhir") * 100.0
    # The target and the latest realisation are joined (at most one row each), not read by subqueries:
    # every later expression repeats them, and PostgreSQL re-runs a repeated subquery per mention,
    # which made the year's roll-up take seconds at ten times the demo data.
    return {
        "target_ini": FilteredRelation("target", condition=Q(target__tahun=tahun)),
        "target_tahun": F("target_ini__target"),
        "pagu_tahun": F("target_ini__pagu"),
        "realisasi_terakhir_id": Subquery(latest.values("pk")[:1]),
        "realisasi_terakhir": FilteredRelation("realisasi", condition=Q(realisasi__pk=F("realisasi_terakhir_id"))),
        "nilai_terakhir": F("realisasi_terakhir__nilai_capaian"),
        "porsi_terakhir": _porsi_expression("realisasi_terakhir__periode"),
        "anggaran_tahun": Coalesce(Subquery(spent, output_field=IntegerField()), Value(0)),
        "capaian_persen": capaian,
        "serapan_persen": Case(
            When(pagu_tahun__gt=0, then=Cast(F("anggaran_tahun"), FloatField()) * 100.0 / F("pagu_tahun")),
            default=Value(None),
            output_field=FloatField(),
        ),
        "status_progres": Case(
            When(target_tahun__isnull=True, then=Value(StatusProgres.TANPA_TARGET)),
            When(capaian_persen__isnull=True, then=Value(StatusProgres.BELUM_LAPOR)),
            When(
                capaian_persen__gte=ExpressionWrapper(expected * BATAS_SESUAI, output_field=FloatField()),
                then=Value(StatusProgres.SESUAI),
            ),
            When(
                capaian_persen__gte=ExpressionWrapper(expected * BATAS_PERHATIAN, output_field=FloatField()),
                then=Value(StatusProgres.PERHATIAN),
            ),
            default=Value(StatusProgres.TERLAMBAT),
        ),
    }


def _with_progres(qs: QuerySet[RencanaAksi], *, tahun: int, hanya_terverifikasi: bool = False) -> QuerySet:
    annotations = progres_annotations(tahun=tahun, hanya_terverifikasi=hanya_terverifikasi)
    # Each annotation may refer to the ones before it, so they are applied in order.
    for name, expression in annotations.items():
        qs = qs.annotate(**{name: expression})
    return qs


def rencana_list(*, user: User, tahun: int, filters: dict | None = None) -> QuerySet[RencanaAksi]:
    """Active actions matching the filters, each annotated with its progress in `tahun`.

    Everyone who may read the RAD reads all of it; writing is limited by rules.
    filters: klaster, indikator, opd (ids), q (text), status (a realisation status in the year),
    progres (a StatusProgres value).
    """
    filters = filters or {}
    qs = RencanaAksi.objects.filter(aktif=True).select_related("indikator__klaster", "opd")
    if filters.get("klaster"):
        qs = qs.filter(indikator__klaster_id=filters["klaster"])
    if filters.get("indikator"):
        qs = qs.filter(indikator_id=filters["indikator"])
    if filters.get("opd"):
        qs = qs.filter(opd_id=filters["opd"])
    if filters.get("q"):
        q = filters["q"]
        qs = qs.filter(
            Q(kode__icontains=q)
            | Q(uraian__icontains=q)
            | Q(indikator_keluaran__icontains=q)
            | Q(kegiatan__icontains=q)
        )
    if filters.get("status"):
        qs = qs.filter(
            pk__in=Realisasi.objects.filter(periode__tahun=tahun, status=filters["status"]).values("rencana_aksi")
        )
    qs = _with_progres(qs, tahun=tahun)
    if filters.get("progres"):
        qs = qs.filter(status_progres=filters["progres"])
    return qs.order_by("indikator__klaster__urutan", "indikator__urutan", "kode")


def rencana_saya(*, user: User, tahun: int) -> QuerySet[RencanaAksi]:
    """The actions the user's OPD is responsible for, with progress in `tahun`."""
    if user.opd_id is None:
        return RencanaAksi.objects.none()
    return rencana_list(user=user, tahun=tahun, filters={"opd": user.opd_id})


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


def realisasi_dikembalikan(*, user: User) -> QuerySet[Realisasi]:
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


def tindak_lanjut_for_rencana(*, rencana: RencanaAksi, user: User) -> QuerySet[TindakLanjut]:
    """Meeting follow-ups linked to the action that the user may see."""
    return tindak_lanjut_list(user=user).filter(rencana_aksi=rencana)


def tindak_lanjut_dapat_ditautkan(*, rencana: RencanaAksi, user: User) -> QuerySet[TindakLanjut]:
    """Unfinished follow-ups of the action's OPDs, not yet linked to it, that the user may see."""
    opd_ids = [rencana.opd_id, *(opd.pk for opd in rencana.opd_terkait.all())]
    return (
        tindak_lanjut_list(user=user)
        .filter(opd_id__in=opd_ids)
        .exclude(status=TindakLanjut.Status.SELESAI)
        .exclude(rencana_aksi=rencana)
    )


def realisasi_for_rencana(*, rencana: RencanaAksi) -> QuerySet[Realisasi]:
    return (
        Realisasi.objects.filter(rencana_aksi=rencana)
        .select_related("periode", "diajukan_oleh", "diperiksa_oleh")
        .annotate(jumlah_bukti=Count("bukti"))
        .order_by("-periode__tahun", "-periode__nomor")
    )


def realisasi_get(*, pk: int) -> Realisasi:
    return Realisasi.objects.select_related(
        "rencana_aksi__indikator__klaster", "rencana_aksi__opd", "periode", "diajukan_oleh", "diperiksa_oleh"
    ).get(pk=pk)


def antrean_verifikasi(*, user: User) -> QuerySet[Realisasi]:
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


def periode_terbuka() -> QuerySet[PeriodePelaporan]:
    return PeriodePelaporan.objects.filter(terbuka=True).order_by("tahun", "nomor")


@dataclass(frozen=True)
class RekapKlaster:
    klaster: Klaster
    jumlah_aksi: int
    capaian_persen: float | None
    serapan_persen: float | None
    pagu: int
    anggaran: int


def _capped(field: str):
    # Over-achievement on one action must not hide a shortfall on another in an average.
    # (Not Least(): PostgreSQL's LEAST skips NULL, which would count "no report" as 100 %.)
    return Case(When(**{f"{field}__gt": 100.0}, then=Value(100.0)), default=F(field), output_field=FloatField())


def rekap_opd(*, tahun: int) -> list[dict]:
    """Per OPD: number of actions, mean capaian (capped at 100 %), pagu, spending and serapan."""
    qs = _with_progres(RencanaAksi.objects.filter(aktif=True), tahun=tahun)
    rows = (
        qs.values("opd_id", "opd__singkatan", "opd__nama")
        .annotate(
            jumlah_aksi=Count("pk"),
            capaian_persen=Avg(_capped("capaian_persen")),
            pagu=Coalesce(Sum("pagu_tahun"), Value(0)),
            anggaran=Coalesce(Sum("anggaran_tahun"), Value(0)),
        )
        .order_by("opd__singkatan")
    )
    return [{**row, "serapan_persen": row["anggaran"] * 100.0 / row["pagu"] if row["pagu"] else None} for row in rows]


def rekap_indikator(*, tahun: int, hanya_terverifikasi: bool = False) -> list[dict]:
    """Per indicator: number of actions and mean capaian (capped at 100 %)."""
    qs = _with_progres(RencanaAksi.objects.filter(aktif=True), tahun=tahun, hanya_terverifikasi=hanya_terverifikasi)
    return list(
        qs.values("indikator_id", "indikator__kode", "indikator__nama", "indikator__bobot", "indikator__klaster_id")
        .annotate(
            jumlah_aksi=Count("pk"),
            capaian_persen=Avg(_capped("capaian_persen")),
            pagu=Coalesce(Sum("pagu_tahun"), Value(0)),
            anggaran=Coalesce(Sum("anggaran_tahun"), Value(0)),
        )
        .order_by("indikator__urutan")
    )


def rekap_klaster(*, tahun: int, hanya_terverifikasi: bool = False) -> list[RekapKlaster]:
    """Per cluster: capaian weighted by indicator bobot over indicators that have reports."""
    per_indikator = rekap_indikator(tahun=tahun, hanya_terverifikasi=hanya_terverifikasi)
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


def kelengkapan_laporan(*, periode: PeriodePelaporan) -> list[dict]:
    """Per OPD for one period: actions due, reported, and reported by the deadline."""
    deadline = timezone.make_aware(
        datetime.datetime.combine(periode.batas_lapor + datetime.timedelta(days=1), datetime.time())
    )
    on_period = Q(realisasi__periode=periode, realisasi__status__in=DILAPORKAN)
    rows = (
        RencanaAksi.objects.filter(aktif=True, target__tahun=periode.tahun)
        .values("opd_id", "opd__singkatan", "opd__nama")
        .annotate(
            wajib=Count("pk", distinct=True),
            dilaporkan=Count("realisasi", filter=on_period, distinct=True),
            tepat_waktu=Count("realisasi", filter=on_period & Q(realisasi__diajukan_pada__lt=deadline), distinct=True),
        )
        .order_by("opd__singkatan")
    )
    return [
        {**row, "kelengkapan_persen": row["dilaporkan"] * 100.0 / row["wajib"] if row["wajib"] else None}
        for row in rows
    ]


def realisasi_terverifikasi(*, indikator_id: int, tahun_list: list[int]) -> QuerySet[Realisasi]:
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
