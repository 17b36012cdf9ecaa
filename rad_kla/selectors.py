"""Reads of the RAD KLA: filtered action lists with their stored progress (rad_kla/progres.py), roll-ups, completeness.

Semantics: a realisation's nilai_capaian is the level reached by the end of its period
(cumulative within the year), so the latest reported period gives the year's capaian;
realisasi_anggaran is what was spent in that period, so the year's spending is their sum.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Count, Exists, F, FilteredRelation, FloatField, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce, JSONObject, Least

from core.queries import count_subquery, model_from_row, sql_in, sql_rows
from gugus_tugas.models import OPD, TindakLanjut, User
from gugus_tugas.selectors import rapat_visible, tindak_lanjut_list
from klaster.models import Indikator, Klaster

from .filters import MatriksFilter, RencanaFilter
from .models import (
    BuktiDukung,
    EksporRad,
    ImporRad,
    KelengkapanPeriode,
    PemetaanImpor,
    PeriodePelaporan,
    ProgresTahunan,
    Realisasi,
    RekapIndikatorTahunan,
    RencanaAksi,
)
from .progres import DILAPORKAN, ROLLUP_CAP, StatusProgres, capaian_hitung, status_hitung
from .scopes import realisasi_visible

# The year's progress of each action is stored by the progress engine (rad_kla/progres.py).
_ROLLUP_CAP = ROLLUP_CAP


def progres_annotations(*, tahun: int) -> dict:
    """Annotations for a RencanaAksi queryset: the year's target, pagu, capaian %, serapan %, status.

    One join to the stored progress row of the year; an action without one has no target and no report.
    """
    return {
        "progres_ini": FilteredRelation("progres", condition=Q(progres__tahun=tahun)),
        "target_tahun": F("progres_ini__target"),
        "pagu_tahun": F("progres_ini__pagu"),
        "nilai_terakhir": F("progres_ini__nilai"),
        "porsi_terakhir": F("progres_ini__porsi"),
        "anggaran_tahun": Coalesce(F("progres_ini__anggaran"), Value(0)),
        "capaian_persen": F("progres_ini__capaian_persen"),
        "serapan_persen": F("progres_ini__serapan_persen"),
        "status_progres": Coalesce(F("progres_ini__status"), Value(StatusProgres.TANPA_TARGET)),
    }


def _with_progres(qs: QuerySet[RencanaAksi], *, tahun: int) -> QuerySet:
    # One annotate call: it adds the filtered relation before the annotations that read it.
    return qs.annotate(**progres_annotations(tahun=tahun))


def rencana_list(
    *,
    user: User | None,
    tahun: int,
    filters: dict | None = None,
    published_only: bool = False,
    filterset: RencanaFilter | None = None,
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
    base = RencanaAksi.objects.filter(aktif=True).select_related("indikator__klaster", "opd")
    if filterset is not None:
        qs = filterset.filter_queryset(base)
    else:
        qs = RencanaFilter(data=filters or {}, queryset=base, user=user, tahun=tahun, published_only=published_only).qs
    qs = _with_progres(qs, tahun=tahun)
    return qs.order_by("indikator__klaster__urutan", "indikator__urutan", "kode")


# What a row of the RAD list shows, read as plain values: the page needs no model instance, and
# building four per row cost more than the rest of the query.
RENCANA_BARIS = (
    "pk",
    "kode",
    "indikator_keluaran",
    "uraian",
    "indikator__kode",
    "indikator__nama",
    "opd__singkatan",
    "satuan",
    "target_tahun",
    "pagu_tahun",
    "porsi_terakhir",
    "capaian_persen",
    "serapan_persen",
    "status_progres",
)


class RencanaUrut:
    """The actions of rencana_list (its filters, progress and order) as a sequence a Paginator pages through.

    Sorting every action by cluster, indicator and code to show 25 of them grows with the plan (12,000
    actions at the load test's scale 100). Instead one query counts the matching actions per indicator
    (an index scan each) and a slice reads only the indicators it spans, already in order: two queries,
    whatever the number of actions. Items are dicts of RENCANA_BARIS.
    """

    def __init__(self, qs: QuerySet[RencanaAksi], *, tahun: int):
        self._qs = qs
        self._tahun = tahun
        self._kelompok: list[tuple[tuple[int, int], list[int], int]] | None = None

    def _kelompok_get(self) -> list[tuple[tuple[int, int], list[int], int]]:
        """(cluster order, indicator order), the indicators with that order and their number of actions."""
        if self._kelompok is None:
            counted = Indikator.objects.annotate(n=count_subquery(self._qs.order_by(), "indikator")).values_list(
                "pk", "klaster__urutan", "urutan", "n"
            )
            kelompok: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
            for pk, klaster_urutan, urutan, n in counted:
                if n:
                    ids, total = kelompok.setdefault((klaster_urutan, urutan), ([], [0]))
                    ids.append(pk)
                    total[0] += n
            self._kelompok = [(key, ids, total[0]) for key, (ids, total) in sorted(kelompok.items())]
        return self._kelompok

    def count(self) -> int:
        return sum(n for _, _, n in self._kelompok_get())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict]:
        start, stop, _ = index.indices(self.count())
        if start >= stop:
            return []
        ids, before, seen = [], None, 0
        for _, kelompok_ids, n in self._kelompok_get():
            if seen + n > start and seen < stop:
                before = seen if before is None else before
                ids.extend(kelompok_ids)
            seen += n
        rows = _with_progres(self._qs.filter(indikator__in=ids), tahun=self._tahun).order_by(
            "indikator__klaster__urutan", "indikator__urutan", "kode"
        )
        return list(rows.values(*RENCANA_BARIS)[start - before : stop - before])


def rencana_urut_list(*, tahun: int, filterset: RencanaFilter) -> RencanaUrut:
    """What rencana_list gives with the page's filter set (built for its reader), for a page of the list."""
    base = RencanaAksi.objects.filter(aktif=True)
    return RencanaUrut(filterset.filter_queryset(base), tahun=tahun)


def rencana_saya(*, user: User, tahun: int) -> QuerySet[RencanaAksi]:
    """The actions the user's OPD is responsible for, with progress in `tahun`."""
    if user.opd_id is None:
        return RencanaAksi.objects.none()
    return rencana_list(user=user, tahun=tahun).filter(opd_id=user.opd_id)


def slot_terbuka_set(*, rencana: list[RencanaAksi], periode_list: list[PeriodePelaporan]) -> None:
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


# A period's fields its label is made of (periode_label), read through a relation.
_PERIODE_BARIS = ("periode__jenis", "periode__tahun", "periode__nomor")


def rencana_get(*, pk: int, periode: bool = False) -> RencanaAksi:
    """The action with its indicator, cluster, OPD and location, in one query.

    Its related OPDs come in the same query, in their order, as `opd_terkait_ids` and `opd_terkait_nama`;
    with `periode`, so do the open reporting periods, as unsaved PeriodePelaporan in `periode_terbuka`
    (what the action page offers to report), instead of a query each.
    """
    qs = RencanaAksi.objects.select_related("indikator__klaster", "opd", "lokasi")
    if connection.vendor != "postgresql":
        # Arrays in one query are PostgreSQL's; elsewhere (the SQLite of `make run`) a query each.
        rencana = qs.get(pk=pk)
        terkait = list(rencana.opd_terkait.order_by("nama", "pk").values_list("pk", "singkatan"))
        rencana.opd_terkait_ids = [opd_id for opd_id, _singkatan in terkait]
        rencana.opd_terkait_nama = [singkatan for _opd_id, singkatan in terkait]
        if periode:
            rencana.periode_terbuka = list(periode_terbuka_list())
        return rencana
    terkait = OPD.objects.filter(rencana_aksi_terkait=OuterRef("pk")).order_by("nama", "pk")
    qs = qs.annotate(
        opd_terkait_ids=ArraySubquery(terkait.values("pk")),
        opd_terkait_nama=ArraySubquery(terkait.values("singkatan")),
    )
    if periode:
        terbuka = periode_terbuka_list().values(json=JSONObject(pk="pk", tahun="tahun", jenis="jenis", nomor="nomor"))
        qs = qs.annotate(periode_terbuka=ArraySubquery(terbuka))
    rencana = qs.get(pk=pk)
    if periode:
        rencana.periode_terbuka = [PeriodePelaporan(**baris) for baris in rencana.periode_terbuka]
    return rencana


PROGRES_BARIS = ("tahun", "target", "pagu", "status", "nilai", "porsi", "capaian_persen", *_PERIODE_BARIS)


def progres_tahunan_list(*, rencana: RencanaAksi) -> list[dict]:
    """The action's stored progress in every year (PROGRES_BARIS values), oldest first, with its latest period.

    A year with a target has its target and pagu here (progres_compute copies them), so one query gives
    both the year's progress and the table of targets.
    """
    return list(ProgresTahunan.objects.filter(rencana_aksi=rencana).order_by("tahun").values(*PROGRES_BARIS))


def tindak_lanjut_rencana_list(*, rencana: RencanaAksi, user: User) -> QuerySet[TindakLanjut]:
    """Meeting follow-ups linked to the action that the user may see."""
    return tindak_lanjut_list(user=user).filter(rencana_aksi=rencana)


TINDAK_LANJUT_BARIS = ("pk", "uraian", "batas_waktu", "status", "rapat__judul", "opd__singkatan")


def tindak_lanjut_tautan_list(*, rencana: RencanaAksi, user: User, pilihan: bool) -> tuple[list[dict], list[dict]]:
    """The follow-ups linked to the action and, when `pilihan`, those that may be linked, in one query.

    The same two lists as tindak_lanjut_rencana_list and tindak_lanjut_pilihan_list, in their order, as
    TINDAK_LANJUT_BARIS values with the meeting's title and the OPD: what the action page shows.
    """
    tautan = RencanaAksi.tindak_lanjut.through.objects.filter(tindaklanjut=OuterRef("pk"), rencanaaksi=rencana)
    kondisi = Q(terkait=True)
    if pilihan:
        opd_ids = [rencana.opd_id, *rencana.opd_terkait_ids]
        kondisi |= Q(opd_id__in=opd_ids) & ~Q(status=TindakLanjut.Status.SELESAI)
    rows = list(
        TindakLanjut.objects.filter(rapat__in=rapat_visible(user=user))
        .annotate(terkait=Exists(tautan))
        .filter(kondisi)
        .values(*TINDAK_LANJUT_BARIS, "terkait")
    )
    # tindak_lanjut_list's order: open ones by nearest deadline, finished ones last.
    rows.sort(key=lambda tl: (tl["status"] == TindakLanjut.Status.SELESAI, tl["batas_waktu"], tl["pk"]))
    return [tl for tl in rows if tl["terkait"]], [tl for tl in rows if not tl["terkait"]]


def tindak_lanjut_pilihan_list(*, rencana: RencanaAksi, user: User) -> QuerySet[TindakLanjut]:
    """Unfinished follow-ups of the action's OPDs, not yet linked to it, that the user may see."""
    opd_ids = [rencana.opd_id, *rencana.opd_terkait_ids]
    return (
        tindak_lanjut_list(user=user)
        .filter(opd_id__in=opd_ids)
        .exclude(status=TindakLanjut.Status.SELESAI)
        .exclude(rencana_aksi=rencana)
    )


REALISASI_BARIS = ("pk", "periode_id", *_PERIODE_BARIS, "nilai_capaian", "realisasi_anggaran", "status", "jumlah_bukti")


def realisasi_rencana_list(*, rencana: RencanaAksi, user: User) -> list[dict]:
    """The action's realisations the user may read (REALISASI_BARIS values), latest period first.

    Only what the action page shows, with the period and the evidence count.
    """
    return list(
        realisasi_visible(user=user)
        .filter(rencana_aksi=rencana)
        .annotate(jumlah_bukti=count_subquery(BuktiDukung.objects.all(), "realisasi"))
        .order_by("-periode__tahun", "-periode__nomor")
        .values(*REALISASI_BARIS)
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


def realisasi_pembanding_tandai(*, realisasi: list[Realisasi]) -> None:
    """Give each realisation what its verifier weighs it against, in three queries whatever their number.

    Sets `target_tahun` and `pagu_tahun` (the year's, from the stored progress), `sebelumnya` (the latest
    submitted or verified realisation of the same action in an earlier period of the same year, or None)
    and, unless the queryset already counted them, `jumlah_bukti`.
    """
    if not realisasi:
        return
    rencana_ids = {r.rencana_aksi_id for r in realisasi}
    years = {r.periode.tahun for r in realisasi}
    progres = {
        (p.rencana_aksi_id, p.tahun): p
        for p in ProgresTahunan.objects.filter(rencana_aksi__in=rencana_ids, tahun__in=years).only(
            "rencana_aksi_id", "tahun", "target", "pagu"
        )
    }
    laporan: dict[tuple[int, int], list[Realisasi]] = {}
    for r in (
        Realisasi.objects.filter(rencana_aksi__in=rencana_ids, periode__tahun__in=years, status__in=DILAPORKAN)
        .select_related("periode")
        .only("rencana_aksi_id", "nilai_capaian", "status", "periode")
    ):
        laporan.setdefault((r.rencana_aksi_id, r.periode.tahun), []).append(r)
    bukti = {}
    if any(not hasattr(r, "jumlah_bukti") for r in realisasi):
        bukti = dict(
            BuktiDukung.objects.filter(realisasi__in=[r.pk for r in realisasi])
            .values("realisasi")
            .annotate(n=Count("pk"))
            .values_list("realisasi", "n")
        )
    for r in realisasi:
        key = (r.rencana_aksi_id, r.periode.tahun)
        row = progres.get(key)
        r.target_tahun = row.target if row else None
        r.pagu_tahun = row.pagu if row else None
        earlier = [e for e in laporan.get(key, []) if e.periode.selesai < r.periode.selesai]
        r.sebelumnya = max(earlier, key=lambda e: (e.periode.selesai, e.periode.nomor, e.periode_id), default=None)
        if not hasattr(r, "jumlah_bukti"):
            r.jumlah_bukti = bukti.get(r.pk, 0)


def periode_list(*, tahun: int | None = None) -> QuerySet[PeriodePelaporan]:
    qs = PeriodePelaporan.objects.all()
    if tahun:
        qs = qs.filter(tahun=tahun)
    return qs.order_by("-tahun", "jenis", "nomor")


def periode_tahun_list(*, tahun: int) -> list[PeriodePelaporan]:
    """periode_list of one year as a list, in one fixed statement (the dashboard reads it on every visit)."""
    sql = f"SELECT * FROM {PeriodePelaporan._meta.db_table} WHERE tahun = %s ORDER BY jenis, nomor, id"  # noqa: S608
    return list(PeriodePelaporan.objects.raw(sql, [tahun]))


def periode_get(*, pk: int) -> PeriodePelaporan:
    """One reporting period; PeriodePelaporan.DoesNotExist when there is none."""
    return PeriodePelaporan.objects.get(pk=pk)


def laporan_periode_set(
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


def progres_jumlah(*, tahun: int, opd_id: int | None = None) -> dict[str, int]:
    """How many active actions (of one OPD when given) are in each progress state in `tahun`, in one query.

    Every StatusProgres value is a key, zero when no action is in it.
    """
    qs = RencanaAksi.objects.filter(aktif=True)
    if opd_id is not None:
        qs = qs.filter(opd_id=opd_id)
    counted = dict(
        _with_progres(qs, tahun=tahun)
        .order_by()
        .values("status_progres")
        .annotate(n=Count("pk"))
        .values_list("status_progres", "n")
    )
    return {status: counted.get(status, 0) for status in StatusProgres.LABELS}


def _rekap_sel(*, tahun: int) -> list[dict]:
    """The year's progress summed per indicator and OPD (over-achievement capped at 100 %), in one query.

    Every roll-up folds these cells, so a page showing several roll-ups reads the progress once.
    """
    # PostgreSQL's LEAST skips NULLs, so actions without a capaian are left out of the sum explicitly.
    capped = Least(F("progres_ini__capaian_persen"), Value(_ROLLUP_CAP))
    ada = Q(progres_ini__capaian_persen__isnull=False)
    return list(
        RencanaAksi.objects.filter(aktif=True)
        .annotate(progres_ini=FilteredRelation("progres", condition=Q(progres__tahun=tahun)))
        .order_by()
        .values("indikator_id", "opd_id")
        .annotate(
            jumlah_aksi=Count("pk"),
            capaian_jumlah=Sum(capped, filter=ada),
            capaian_n=Count("progres_ini__capaian_persen"),
            pagu=Coalesce(Sum("progres_ini__pagu"), Value(0)),
            anggaran=Coalesce(Sum("progres_ini__anggaran"), Value(0)),
        )
    )


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


def _rekap_klaster_dari(per_indikator: list[dict], klaster_list: list[Klaster] | None = None) -> list[RekapKlaster]:
    result = []
    for klaster in Klaster.objects.order_by("urutan") if klaster_list is None else klaster_list:
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


def rekap_indikator(*, tahun: int) -> list[dict]:
    """Per indicator: number of actions and mean capaian (capped at 100 %)."""
    return _rekap_indikator_dari(_rekap_sel(tahun=tahun))


def rekap_klaster(*, tahun: int) -> list[RekapKlaster]:
    """Per cluster: capaian weighted by indicator bobot over indicators that have reports, in one query.

    The year's progress summed per indicator is stored (RekapIndikatorTahunan, kept by rad_kla.progres):
    one fixed statement reads it with each cluster, the indicator's bobot and its number of active actions
    (counted on the index of indikator and aktif); over-achievement is capped at 100 %.
    """
    klaster_list, per_indikator = {}, []
    for row in sql_rows(_REKAP_KLASTER_SQL, [True, tahun]):
        klaster_values, (bobot, jumlah_aksi, capaian_jumlah, capaian_n, pagu, anggaran) = row[:-6], row[-6:]
        if klaster_values[0] not in klaster_list:
            klaster_list[klaster_values[0]] = model_from_row(Klaster, klaster_values)
        if jumlah_aksi is None:
            continue  # a cluster without active actions
        per_indikator.append(
            {
                "indikator__bobot": Decimal(str(bobot)),
                "indikator__klaster_id": klaster_values[0],
                "jumlah_aksi": jumlah_aksi,
                "capaian_persen": float(capaian_jumlah) / capaian_n if capaian_n else None,
                "pagu": int(pagu),
                "anggaran": int(anggaran),
            }
        )
    return _rekap_klaster_dari(per_indikator, list(klaster_list.values()))


_REKAP_KLASTER_SQL = f"""
    SELECT {", ".join(f"k.{f.column}" for f in Klaster._meta.concrete_fields)},
        i.bobot, n.jumlah_aksi, a.capaian_jumlah, COALESCE(a.capaian_n, 0), COALESCE(a.pagu, 0),
        COALESCE(a.anggaran, 0)
    FROM {Klaster._meta.db_table} k
    LEFT JOIN {Indikator._meta.db_table} i ON i.klaster_id = k.id
    LEFT JOIN (
        SELECT r.indikator_id, COUNT(*) AS jumlah_aksi
        FROM {RencanaAksi._meta.db_table} r
        WHERE r.aktif = %s
        GROUP BY r.indikator_id
    ) AS n ON n.indikator_id = i.id
    LEFT JOIN {RekapIndikatorTahunan._meta.db_table} a ON a.indikator_id = i.id AND a.tahun = %s
    ORDER BY k.urutan, k.id
"""  # noqa: S608 - table and column names from the models, values as parameters


def rekap_tahun(*, tahun: int) -> tuple[list[RekapKlaster], list[dict]]:
    """rekap_klaster and rekap_opd of one year from a single read of its reports."""
    sel = _rekap_sel(tahun=tahun)
    return _rekap_klaster_dari(_rekap_indikator_dari(sel)), _rekap_opd_dari(sel)


@dataclass(frozen=True)
class RencanaRingkas:
    """An action as a summary lists it: its kode, OPD and progress in the year."""

    pk: int
    kode: str
    indikator_id: int
    opd_singkatan: str
    capaian_persen: float | None
    status_progres: str
    jumlah_aksi: int  # active actions of its indicator


def rencana_teratas_list(*, tahun: int, indikator_ids: list[int], jumlah: int) -> list[RencanaRingkas]:
    """The first `jumlah` active actions (by kode) of each of these indicators, in one fixed statement.

    A window numbers and counts each indicator's actions; the progress is the stored one of `tahun`.
    """
    if not indikator_ids:
        return []
    # The actions are numbered first; only the kept ones look up their progress (one index lookup each).
    progres = f"FROM {ProgresTahunan._meta.db_table} p WHERE p.rencana_aksi_id = n.id AND p.tahun = %s"
    sql = f"""
        SELECT n.id, n.kode, n.indikator_id, o.singkatan,
            (SELECT p.capaian_persen {progres}), COALESCE((SELECT p.status {progres}), %s), n.jumlah_aksi
        FROM (
            SELECT r.id, r.kode, r.indikator_id, r.opd_id,
                ROW_NUMBER() OVER (PARTITION BY r.indikator_id ORDER BY r.kode) AS urutan,
                COUNT(*) OVER (PARTITION BY r.indikator_id) AS jumlah_aksi
            FROM {RencanaAksi._meta.db_table} r
            WHERE r.aktif = %s AND r.indikator_id IN ({sql_in(indikator_ids)})
        ) AS n
        JOIN {OPD._meta.db_table} o ON o.id = n.opd_id
        WHERE n.urutan <= %s
        ORDER BY n.indikator_id, n.kode
    """  # noqa: S608 - table names from the models, values as parameters
    rows = sql_rows(sql, [tahun, tahun, StatusProgres.TANPA_TARGET, True, *indikator_ids, jumlah])
    return [RencanaRingkas(*row) for row in rows]


def kelengkapan_laporan_list(*, periode: PeriodePelaporan) -> list[dict]:
    """Per OPD for one period: actions due, reported, and reported by the deadline, in one fixed statement.

    The counts are stored per period and OPD (KelengkapanPeriode, kept by rad_kla.progres).
    """
    rows = sql_rows(_KELENGKAPAN_SQL, [periode.pk])
    return [
        {
            "opd_id": opd_id,
            "opd__singkatan": singkatan,
            "opd__nama": nama,
            "wajib": wajib,
            "dilaporkan": dilaporkan,
            "tepat_waktu": tepat_waktu,
            "kelengkapan_persen": dilaporkan * 100.0 / wajib if wajib else None,
        }
        for opd_id, singkatan, nama, wajib, dilaporkan, tepat_waktu in rows
    ]


_KELENGKAPAN_SQL = f"""
    SELECT k.opd_id, o.singkatan, o.nama, k.wajib, k.dilaporkan, k.tepat_waktu
    FROM {KelengkapanPeriode._meta.db_table} k
    JOIN {OPD._meta.db_table} o ON o.id = k.opd_id
    WHERE k.periode_id = %s
    ORDER BY o.singkatan
"""  # noqa: S608 - table names from the models, values as parameters


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

    The export's figures from the stored progress, in one query whatever the number of actions; a year
    without a target has no (target, pagu), a year without a report no capaian or spending.
    """
    targets, capaian, anggaran = {}, {}, {}
    rows = ProgresTahunan.objects.filter(rencana_aksi__in=rencana_ids, tahun__in=years).values_list(
        "rencana_aksi_id", "tahun", "target", "pagu", "periode_id", "nilai", "anggaran"
    )
    for rencana_id, tahun, target, pagu, periode_id, nilai, spent in rows:
        if target is not None:
            targets[rencana_id, tahun] = (target, pagu)
        if periode_id is not None:
            capaian[rencana_id, tahun] = nilai
            anggaran[rencana_id, tahun] = spent
    return targets, capaian, anggaran


def impor_rad_get(*, user: User, pk: int) -> ImporRad:
    """An import of this user; another user's import does not exist for them (ImporRad.DoesNotExist)."""
    return ImporRad.objects.get(pk=pk, diunggah_oleh=user)


def ekspor_rad_get(*, user: User, pk: int) -> EksporRad:
    """An export of this user; another user's export does not exist for them (EksporRad.DoesNotExist)."""
    return EksporRad.objects.get(pk=pk, diminta_oleh=user)


def ekspor_rad_list(*, user: User, limit: int = 10) -> list[EksporRad]:
    return list(EksporRad.objects.filter(diminta_oleh=user)[:limit])


# A matrix cell is a plain tuple, read by these positions (a matrix holds tens of thousands of them):
# the reported level (float), spending, capaian % against the year's target, progress status, verified.
SEL_NILAI, SEL_ANGGARAN, SEL_CAPAIAN, SEL_STATUS, SEL_TERVERIFIKASI = range(5)


class AksiMatriks:
    """A matrix row: what the matrix shows of an action, then its years and cells (matriks_isi)."""

    __slots__ = (
        "arah",
        "indikator_keluaran",
        "indikator_kode",
        "indikator_nama",
        "klaster",
        "kode",
        "opd",
        "pk",
        "satuan",
        "sel",
        "tahunan",
    )
    FIELDS = (
        "pk",
        "kode",
        "indikator__klaster__nama",
        "indikator__kode",
        "indikator__nama",
        "indikator_keluaran",
        "satuan",
        "opd__singkatan",
        "arah",
    )

    def __init__(self, values: tuple):
        (
            self.pk,
            self.kode,
            self.klaster,
            self.indikator_kode,
            self.indikator_nama,
            self.indikator_keluaran,
            self.satuan,
            self.opd,
            self.arah,
        ) = values
        self.tahunan, self.sel = {}, {}


def matriks_periode_list(*, tahun_mulai: int, tahun_selesai: int) -> list[PeriodePelaporan]:
    """The reporting periods of the years, in the order they end: the matrix's columns."""
    return list(
        PeriodePelaporan.objects.filter(tahun__gte=tahun_mulai, tahun__lte=tahun_selesai).order_by(
            "tahun", "selesai", "nomor"
        )
    )


def matriks_filter_get(*, user: User | None, filters: dict | None = None):
    """The matrix's FilterSet over the active actions: `.qs` in RAD order, `.form` for the page (validated once)."""
    base = RencanaAksi.objects.filter(aktif=True).order_by("indikator__klaster__urutan", "indikator__urutan", "kode")
    return MatriksFilter(data=filters or {}, queryset=base, user=user)


def matriks_rencana_list(qs: QuerySet[RencanaAksi]) -> list[AksiMatriks]:
    """The rows of a (sliced) matrix queryset, read as plain values in one query."""
    return [AksiMatriks(values) for values in qs.values_list(*AksiMatriks.FIELDS)]


def matriks_isi(*, rencana: list[AksiMatriks], periode_list: list[PeriodePelaporan]) -> None:
    """Give each row `tahunan` ({year: its stored progress}) and `sel` ({period id: cell tuple, see SEL_*}).

    Two queries whatever the number of actions and periods. A cell is a submitted or verified report
    (what the progress counts); its capaian and status come from the progress engine's own rules.
    """
    if not rencana or not periode_list:
        return
    by_pk = {r.pk: r for r in rencana}
    years = sorted({p.tahun for p in periode_list})
    target: dict[tuple[int, int], Decimal] = {}
    for row in ProgresTahunan.objects.filter(rencana_aksi__in=list(by_pk), tahun__in=years).values(
        "rencana_aksi_id", "tahun", "target", "pagu", "capaian_persen", "anggaran", "status"
    ):
        by_pk[row["rencana_aksi_id"]].tahunan[row["tahun"]] = row
        target[row["rencana_aksi_id"], row["tahun"]] = row["target"]
    kolom = {p.pk: (p.tahun, p.porsi_tahun) for p in periode_list}
    verified = Realisasi.Status.DIVERIFIKASI
    laporan = Realisasi.objects.filter(rencana_aksi__in=list(by_pk), periode__in=list(kolom), status__in=DILAPORKAN)
    # The level is read as a float: converting tens of thousands of numerics to Decimal costs more than the query.
    rows = laporan.annotate(nilai=Cast("nilai_capaian", FloatField())).values_list(
        "rencana_aksi_id", "periode_id", "nilai", "realisasi_anggaran", "status"
    )
    for rencana_id, periode_id, nilai, anggaran, status in rows:
        item = by_pk[rencana_id]
        tahun, porsi = kolom[periode_id]
        t = target.get((rencana_id, tahun))
        capaian = capaian_hitung(target=t, nilai=nilai, arah=item.arah)
        item.sel[periode_id] = (
            nilai,
            anggaran,
            capaian,
            status_hitung(target=t, capaian=capaian, porsi=porsi),
            status == verified,
        )


def pemetaan_impor_list() -> QuerySet[PemetaanImpor]:
    """The region's saved column mappings of published matrices, by name."""
    return PemetaanImpor.objects.order_by("nama")


def pemetaan_impor_get(*, nama: str) -> PemetaanImpor | None:
    return PemetaanImpor.objects.filter(nama=nama.strip()).first()
