"""The RAD progress engine: an action's progress per year is computed here and nowhere else.

Semantics: a realisation's nilai_capaian is the level reached by the end of its period (cumulative
within the year), so the latest period with a submitted or verified report gives the year's level and
the share of the year it covers; realisasi_anggaran is what was spent in that period, so the year's
spending is the sum over the reported periods. Capaian follows the direction of the indicator; the
status compares it with the level expected by the end of that period (the target pro-rated by the
share of the year).

The results are stored in ProgresTahunan, one row per action and year that has a target or a report,
and refreshed in the transaction of every write they derive from (rad_kla/signals.py for single saves,
progres_refresh for bulk writes), so lists, filters, roll-ups, the dashboard, exports and reports read
stored rows instead of computing the rule again.
"""

import contextlib
import contextvars
import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps as global_apps
from django.db import connection, transaction
from django.utils import timezone

from klaster.models import Indikator

from .models import PeriodePelaporan, Realisasi

# Submitted or verified: what counts as reported.
DILAPORKAN = (Realisasi.Status.DIAJUKAN, Realisasi.Status.DIVERIFIKASI)
# Within 15 % of the pro-rated target is on track; up to 30 % behind needs attention.
BATAS_SESUAI = 0.85
BATAS_PERHATIAN = 0.70
NAIK, TURUN = Indikator.Arah.NAIK, Indikator.Arah.TURUN
PER_TAHUN = {PeriodePelaporan.Jenis.TRIWULAN: 4, PeriodePelaporan.Jenis.SEMESTER: 2, PeriodePelaporan.Jenis.TAHUNAN: 1}
CHUNK = 2000
# Roll-ups cap an action's over-achievement at 100 %.
ROLLUP_CAP = 100.0
NILAI_FIELDS = ["target", "pagu", "periode", "porsi", "nilai", "anggaran", "capaian_persen", "serapan_persen", "status"]


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


def porsi_hitung(*, jenis: str, nomor: int) -> float:
    """Share of the year covered up to the end of a period of this kind and number."""
    return nomor / PER_TAHUN[jenis]


def capaian_hitung(*, target: Decimal | None, nilai: Decimal | None, arah: str) -> float | None:
    """Capaian in % of the year's target; for a falling indicator, reaching half the target is 150 %."""
    if target is None or nilai is None:
        return None
    t, n = float(target), float(nilai)
    if t == 0:
        return 100.0 if arah == NAIK or n == 0 else 0.0
    if arah == TURUN:
        return max((2 * t - n) * 100.0 / t, 0.0)
    return n * 100.0 / t


def status_hitung(*, target: Decimal | None, capaian: float | None, porsi: float | None) -> str:
    """Where the action stands against the level expected by the end of its latest reported period."""
    if target is None:
        return StatusProgres.TANPA_TARGET
    if capaian is None or porsi is None:
        return StatusProgres.BELUM_LAPOR
    if capaian >= porsi * 100.0 * BATAS_SESUAI:
        return StatusProgres.SESUAI
    if capaian >= porsi * 100.0 * BATAS_PERHATIAN:
        return StatusProgres.PERHATIAN
    return StatusProgres.TERLAMBAT


def serapan_hitung(*, anggaran: int, pagu: int | None) -> float | None:
    """Spending in % of the year's pagu; none without a pagu."""
    return anggaran * 100.0 / pagu if pagu else None


@dataclass
class _Tahun:
    target: Decimal | None = None
    pagu: int | None = None
    kunci: tuple | None = None  # (selesai, nomor, pk) of the latest reported period
    periode_id: int | None = None
    porsi: float | None = None
    nilai: Decimal | None = None
    anggaran: int = 0


def _models(apps):
    apps = apps or global_apps
    return (apps.get_model("rad_kla", name) for name in ("RencanaAksi", "TargetTahunan", "Realisasi", "ProgresTahunan"))


def _table(apps, app_label: str, name: str) -> str:
    return (apps or global_apps).get_model(app_label, name)._meta.db_table


def progres_compute(rencana_ids: list[int], *, apps=None) -> list:
    """The ProgresTahunan rows (unsaved) of these actions, from their targets and reported realisations.

    Three queries whatever the number of actions. `apps` is a migration's app registry, if any.
    """
    RencanaAksi, TargetTahunan, Realisasi, ProgresTahunan = _models(apps)
    arah = dict(RencanaAksi.objects.filter(pk__in=rencana_ids).values_list("pk", "arah"))
    tahun: dict[tuple[int, int], _Tahun] = {}
    for rencana_id, th, target, pagu in TargetTahunan.objects.filter(rencana_aksi__in=rencana_ids).values_list(
        "rencana_aksi_id", "tahun", "target", "pagu"
    ):
        cell = tahun.setdefault((rencana_id, th), _Tahun())
        cell.target, cell.pagu = target, pagu
    laporan = Realisasi.objects.filter(rencana_aksi__in=rencana_ids, status__in=DILAPORKAN).values_list(
        "rencana_aksi_id",
        "periode_id",
        "periode__tahun",
        "periode__jenis",
        "periode__nomor",
        "periode__selesai",
        "nilai_capaian",
        "realisasi_anggaran",
    )
    for rencana_id, periode_id, th, jenis, nomor, selesai, nilai, anggaran in laporan:
        cell = tahun.setdefault((rencana_id, th), _Tahun())
        cell.anggaran += anggaran
        kunci = (selesai, nomor, periode_id)
        if cell.kunci is None or kunci > cell.kunci:
            cell.kunci, cell.periode_id, cell.nilai = kunci, periode_id, nilai
            cell.porsi = porsi_hitung(jenis=jenis, nomor=nomor)
    rows = []
    for (rencana_id, th), cell in sorted(tahun.items()):
        if rencana_id not in arah:
            continue
        capaian = capaian_hitung(target=cell.target, nilai=cell.nilai, arah=arah[rencana_id])
        rows.append(
            ProgresTahunan(
                rencana_aksi_id=rencana_id,
                tahun=th,
                target=cell.target,
                pagu=cell.pagu,
                periode_id=cell.periode_id,
                porsi=cell.porsi,
                nilai=cell.nilai,
                anggaran=cell.anggaran,
                capaian_persen=capaian,
                serapan_persen=serapan_hitung(anggaran=cell.anggaran, pagu=cell.pagu),
                status=status_hitung(target=cell.target, capaian=capaian, porsi=cell.porsi),
            )
        )
    return rows


def _rows_delete(qs) -> None:
    """One DELETE statement: derived rows have no dependants, and the signals of their sources already ran."""
    qs._raw_delete(qs.db)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def progres_refresh(rencana_ids: Iterable[int], *, apps=None) -> None:
    """Recompute and store the progress of these actions, in the caller's transaction.

    The actions' rows are locked first, so two writes to one action refresh its progress one after the
    other, each from what the other committed.
    """
    ids = sorted(set(rencana_ids))
    if not ids:
        return
    if _tertunda.get() is not None:
        _tertunda.get().update(ids)
        return
    RencanaAksi, _, _, ProgresTahunan = _models(apps)
    indikator_ids, opd_ids, tahun = set(), set(), set()
    with transaction.atomic():
        for chunk in _chunks(ids):
            for _pk, indikator_id, opd_id in (
                RencanaAksi.objects.select_for_update()
                .filter(pk__in=chunk)
                .order_by("pk")
                .values_list("pk", "indikator_id", "opd_id")
            ):
                indikator_ids.add(indikator_id)
                opd_ids.add(opd_id)
            # The roll-ups change in the years the actions had progress in and those they have now.
            tahun.update(ProgresTahunan.objects.filter(rencana_aksi__in=chunk).values_list("tahun", flat=True))
            rows = progres_compute(chunk, apps=apps)
            tahun.update(row.tahun for row in rows)
            _rows_store(ProgresTahunan, chunk, rows)
        rekap_refresh(indikator_ids=indikator_ids, opd_ids=opd_ids, tahun=tahun, apps=apps)


def _rows_store(ProgresTahunan, chunk: list[int], rows: list) -> None:
    """Upsert the rows in place (a row keeps its id while its action and year stay) and drop the years gone."""
    kept = ProgresTahunan.objects.bulk_create(
        rows,
        batch_size=CHUNK,
        update_conflicts=True,
        unique_fields=["rencana_aksi", "tahun"],
        update_fields=NILAI_FIELDS,
    )
    _rows_delete(ProgresTahunan.objects.filter(rencana_aksi__in=chunk).exclude(pk__in=[row.pk for row in kept]))


def progres_rebuild(*, apps=None) -> int:
    """Recompute every action's progress from scratch; returns the number of rows stored."""
    RencanaAksi, _, _, ProgresTahunan = _models(apps)
    with transaction.atomic():
        ids = list(RencanaAksi.objects.order_by("pk").values_list("pk", flat=True))
        for chunk in _chunks(ids):
            _rows_store(ProgresTahunan, chunk, progres_compute(chunk, apps=apps))
        _rows_delete(ProgresTahunan.objects.exclude(rencana_aksi__in=RencanaAksi.objects.all()))
        if _rekap_ada(apps):  # a migration before the roll-ups' own (0010) rebuilds the progress only
            rekap_refresh(apps=apps)
    return ProgresTahunan.objects.count()


def _rekap_ada(apps) -> bool:
    try:
        (apps or global_apps).get_model("rad_kla", "RekapIndikatorTahunan")
    except LookupError:
        return False
    return True


def _kunci(ids) -> tuple[str, list]:
    """`IN (…)` of these keys, or a condition that holds for every row when refreshing all of them."""
    ids = sorted(ids)
    return ", ".join(["%s"] * len(ids)), ids


def rekap_refresh(
    *,
    indikator_ids: Iterable[int] | None = None,
    opd_ids: Iterable[int] | None = None,
    tahun: Iterable[int] | None = None,
    apps=None,
) -> None:
    """Recompute the stored roll-ups of these indicators and OPDs in these years (their periods), set-based.

    None refreshes every key (every year); an empty set none. Four statements plus the locks, in the
    caller's transaction: the indicators' and OPDs' rows are locked first (in key order, as every refresh
    does), so two refreshes of one key run one after the other and the second reads what the first wrote.
    Idempotent: the keys' rows are upserted in place from the stored progress and the keys gone dropped.
    """
    apps = apps or global_apps
    Indikator, OPD = apps.get_model("klaster", "Indikator"), apps.get_model("gugus_tugas", "OPD")
    indikator_ids = None if indikator_ids is None else set(indikator_ids) - {None}
    opd_ids = None if opd_ids is None else set(opd_ids) - {None}
    tahun = None if tahun is None else set(tahun) - {None}
    if tahun is not None and not tahun:
        return
    rencana, progres = _table(apps, "rad_kla", "RencanaAksi"), _table(apps, "rad_kla", "ProgresTahunan")
    with transaction.atomic(), connection.cursor() as cursor:
        if indikator_ids is None or indikator_ids:
            qs = Indikator.objects.order_by("pk")
            if indikator_ids is not None:
                qs = qs.filter(pk__in=indikator_ids)
            list(qs.select_for_update(no_key=True).values_list("pk"))
            _rekap_indikator_store(cursor, apps, rencana, progres, indikator_ids, tahun)
        if opd_ids is None or opd_ids:
            qs = OPD.objects.order_by("pk")
            if opd_ids is not None:
                qs = qs.filter(pk__in=opd_ids)
            list(qs.select_for_update(no_key=True).values_list("pk"))
            _kelengkapan_store(cursor, apps, rencana, progres, opd_ids, tahun)


def _syarat(pairs: list[tuple[str, set | None]]) -> tuple[str, list]:
    """`AND col IN (…)` for each restricted column (none when its keys are None), and their values."""
    sql, params = "", []
    for column, keys in pairs:
        if keys is not None:
            placeholders, values = _kunci(keys)
            sql += f" AND {column} IN ({placeholders})"
            params += values
    return sql, params


def _rekap_indikator_store(cursor, apps, rencana: str, progres: str, indikator_ids, tahun) -> None:
    rekap = _table(apps, "rad_kla", "RekapIndikatorTahunan")
    dipilih, params = _syarat([("r.indikator_id", indikator_ids), ("p.tahun", tahun)])
    # Upserted in place (a row keeps its id while its key has actions), then the keys gone are dropped.
    # Summed as NUMERIC: exact whatever the order of the rows, so the same progress gives the same sum.
    cursor.execute(
        f"""
        INSERT INTO {rekap} (tahun, indikator_id, capaian_jumlah, capaian_n, pagu, anggaran)
        SELECT p.tahun, r.indikator_id,
            SUM(CAST(CASE WHEN p.capaian_persen > %s THEN %s ELSE p.capaian_persen END AS NUMERIC)),
            COUNT(p.capaian_persen), COALESCE(SUM(p.pagu), 0), COALESCE(SUM(p.anggaran), 0)
        FROM {rencana} r JOIN {progres} p ON p.rencana_aksi_id = r.id
        WHERE r.aktif = %s {dipilih}
        GROUP BY p.tahun, r.indikator_id
        ON CONFLICT (tahun, indikator_id) DO UPDATE SET capaian_jumlah = excluded.capaian_jumlah,
            capaian_n = excluded.capaian_n, pagu = excluded.pagu, anggaran = excluded.anggaran
        """,  # noqa: S608 - table names from the models, values as parameters
        [ROLLUP_CAP, ROLLUP_CAP, True, *params],
    )
    dihapus, params = _syarat([(f"{rekap}.indikator_id", indikator_ids), (f"{rekap}.tahun", tahun)])
    cursor.execute(
        f"""
        DELETE FROM {rekap} WHERE NOT EXISTS (
            SELECT 1 FROM {rencana} r JOIN {progres} p ON p.rencana_aksi_id = r.id
            WHERE r.aktif = %s AND r.indikator_id = {rekap}.indikator_id AND p.tahun = {rekap}.tahun
        ) {dihapus}
        """,  # noqa: S608 - table names from the models, values as parameters
        [True, *params],
    )


def periode_deadline(batas_lapor: datetime.date) -> datetime.datetime:
    """A report counts as on time when submitted before the day after the period's reporting deadline."""
    return timezone.make_aware(datetime.datetime.combine(batas_lapor + datetime.timedelta(days=1), datetime.time()))


def _kelengkapan_store(cursor, apps, rencana: str, progres: str, opd_ids, tahun) -> None:
    PeriodePelaporan = apps.get_model("rad_kla", "PeriodePelaporan")
    kelengkapan, realisasi = _table(apps, "rad_kla", "KelengkapanPeriode"), _table(apps, "rad_kla", "Realisasi")
    periode_table = _table(apps, "rad_kla", "PeriodePelaporan")
    periode_qs = PeriodePelaporan.objects.order_by("pk")
    if tahun is not None:
        periode_qs = periode_qs.filter(tahun__in=tahun)
    periode = list(periode_qs.values_list("pk", "batas_lapor"))
    if tahun is not None and not periode:
        return  # no period in these years, so no row of them
    # The keys gone are dropped, then the others upserted in place (a row keeps its id while it is due).
    dihapus, params = _syarat(
        [
            (f"{kelengkapan}.opd_id", opd_ids),
            (f"{kelengkapan}.periode_id", {p for p, _ in periode} if tahun is not None else None),
        ]
    )
    cursor.execute(
        f"""
        DELETE FROM {kelengkapan} WHERE NOT EXISTS (
            SELECT 1 FROM {periode_table} pp
            JOIN {progres} t ON t.tahun = pp.tahun AND t.target IS NOT NULL
            JOIN {rencana} r ON r.id = t.rencana_aksi_id
            WHERE r.aktif = %s AND pp.id = {kelengkapan}.periode_id AND r.opd_id = {kelengkapan}.opd_id
        ) {dihapus}
        """,  # noqa: S608 - table names from the models, values as parameters
        [True, *params],
    )
    if not periode:
        return
    # Each period's own deadline, as a CASE over the (few) periods: portable, one statement.
    batas = " ".join(["WHEN %s THEN %s"] * len(periode))
    batas_params = []
    for pk, batas_lapor in periode:
        batas_params += [pk, connection.ops.adapt_datetimefield_value(periode_deadline(batas_lapor))]
    lapor = ", ".join(["%s"] * len(DILAPORKAN))
    dipilih, params = _syarat([("r.opd_id", opd_ids), ("pp.tahun", tahun)])
    cursor.execute(
        f"""
        INSERT INTO {kelengkapan} (periode_id, opd_id, wajib, dilaporkan, tepat_waktu)
        SELECT pp.id, r.opd_id, COUNT(*),
            SUM(CASE WHEN l.status IN ({lapor}) THEN 1 ELSE 0 END),
            SUM(CASE WHEN l.status IN ({lapor}) AND l.diajukan_pada < (CASE pp.id {batas} END) THEN 1 ELSE 0 END)
        FROM {periode_table} pp
        JOIN {progres} t ON t.tahun = pp.tahun AND t.target IS NOT NULL
        JOIN {rencana} r ON r.id = t.rencana_aksi_id
        LEFT JOIN {realisasi} l ON l.rencana_aksi_id = r.id AND l.periode_id = pp.id
        WHERE r.aktif = %s {dipilih}
        GROUP BY pp.id, r.opd_id
        ON CONFLICT (periode_id, opd_id) DO UPDATE SET wajib = excluded.wajib, dilaporkan = excluded.dilaporkan,
            tepat_waktu = excluded.tepat_waktu
        """,  # noqa: S608 - table names from the models, values as parameters
        [*DILAPORKAN, *DILAPORKAN, *batas_params, True, *params],
    )


_tertunda: contextvars.ContextVar[set | None] = contextvars.ContextVar("progres_tertunda", default=None)


@contextlib.contextmanager
def progres_defer() -> Iterator[None]:
    """Collect the refreshes of a bulk write and run them once, set-based, when the block ends."""
    if _tertunda.get() is not None:
        yield
        return
    token = _tertunda.set(set())
    try:
        yield
        ids = _tertunda.get()
    finally:
        _tertunda.reset(token)
    progres_refresh(ids)
