"""The stored roll-ups the dashboard reads (per year and indicator, per period and OPD) equal the computation
from every action's progress and report, after any write; refreshing them again changes nothing."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gugus_tugas.models import OPD
from klaster.models import Indikator
from rad_kla.models import (
    KelengkapanPeriode,
    PeriodePelaporan,
    Realisasi,
    RekapIndikatorTahunan,
    RencanaAksi,
    TargetTahunan,
)
from rad_kla.progres import DILAPORKAN, ROLLUP_CAP, progres_rebuild, rekap_refresh
from rad_kla.selectors import kelengkapan_laporan_list, rekap_klaster
from tests.gugus_tugas.factories import OPDFactory, UserFactory
from tests.rad_kla.factories import PeriodeFactory, RealisasiFactory, RencanaAksiFactory, TargetTahunanFactory

pytestmark = pytest.mark.django_db

TAHUN = (2025, 2026)


# The dashboard's computations before the roll-ups were stored: every action's progress and report read
# on every visit. Kept here as the reference the stored roll-ups must equal.
def rekap_klaster_lama(tahun: int) -> list[tuple]:
    sql = """
        SELECT k.id, i.bobot, a.jumlah_aksi, a.capaian_jumlah, a.capaian_n, a.pagu, a.anggaran
        FROM klaster_klaster k
        LEFT JOIN klaster_indikator i ON i.klaster_id = k.id
        LEFT JOIN (
            SELECT r.indikator_id, COUNT(*) AS jumlah_aksi,
                SUM(CASE WHEN p.capaian_persen > %s THEN %s ELSE p.capaian_persen END) AS capaian_jumlah,
                COUNT(p.capaian_persen) AS capaian_n,
                COALESCE(SUM(p.pagu), 0) AS pagu, COALESCE(SUM(p.anggaran), 0) AS anggaran
            FROM rad_kla_rencanaaksi r
            LEFT JOIN rad_kla_progrestahunan p ON p.rencana_aksi_id = r.id AND p.tahun = %s
            WHERE r.aktif = %s
            GROUP BY r.indikator_id
        ) AS a ON a.indikator_id = i.id
        ORDER BY k.urutan, k.id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [ROLLUP_CAP, ROLLUP_CAP, tahun, True])
        rows = cursor.fetchall()
    per_klaster = {}
    for klaster_id, bobot, jumlah_aksi, capaian_jumlah, capaian_n, pagu, anggaran in rows:
        total = per_klaster.setdefault(
            klaster_id, {"n": 0, "bobot": Decimal(0), "tertimbang": Decimal(0), "p": 0, "a": 0}
        )
        if jumlah_aksi is None:
            continue
        total["n"] += jumlah_aksi
        total["p"] += int(pagu)
        total["a"] += int(anggaran)
        if capaian_n:
            capaian = Decimal(str(float(capaian_jumlah) / capaian_n))
            total["bobot"] += bobot
            total["tertimbang"] += capaian * bobot
    return [
        (
            klaster_id,
            t["n"],
            float(t["tertimbang"] / t["bobot"]) if t["bobot"] else None,
            t["a"] * 100.0 / t["p"] if t["p"] else None,
            t["p"],
            t["a"],
        )
        for klaster_id, t in per_klaster.items()
    ]


def kelengkapan_lama(periode: PeriodePelaporan) -> list[tuple]:
    batas = timezone.make_aware(
        datetime.datetime.combine(periode.batas_lapor + datetime.timedelta(days=1), datetime.time())
    )
    sql = """
        SELECT r.opd_id, COUNT(*),
            SUM(CASE WHEN l.status IN (%s, %s) THEN 1 ELSE 0 END),
            SUM(CASE WHEN l.status IN (%s, %s) AND l.diajukan_pada < %s THEN 1 ELSE 0 END)
        FROM rad_kla_rencanaaksi r
        JOIN rad_kla_progrestahunan t ON t.rencana_aksi_id = r.id AND t.tahun = %s AND t.target IS NOT NULL
        LEFT JOIN rad_kla_realisasi l ON l.rencana_aksi_id = r.id AND l.periode_id = %s
        WHERE r.aktif = %s
        GROUP BY r.opd_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*DILAPORKAN, *DILAPORKAN, batas, periode.tahun, periode.pk, True])
        rows = cursor.fetchall()
    singkatan = dict(OPD.objects.values_list("pk", "singkatan"))
    return sorted(((opd_id, w, d, t) for opd_id, w, d, t in rows), key=lambda row: singkatan[row[0]])


def rekap_baru(tahun: int) -> list[tuple]:
    return [
        (r.klaster.pk, r.jumlah_aksi, r.capaian_persen, r.serapan_persen, r.pagu, r.anggaran)
        for r in rekap_klaster(tahun=tahun)
    ]


def kelengkapan_baru(periode: PeriodePelaporan) -> list[tuple]:
    return [
        (k["opd_id"], k["wajib"], k["dilaporkan"], k["tepat_waktu"]) for k in kelengkapan_laporan_list(periode=periode)
    ]


def _approx(rows: list[tuple]) -> list[tuple]:
    # Sums of floats in another order may differ in the last bits; the dashboard shows one decimal.
    return [tuple(pytest.approx(v, rel=1e-9) if isinstance(v, float) else v for v in row) for row in rows]


def assert_same_as_before():
    for tahun in TAHUN:
        assert rekap_baru(tahun) == _approx(rekap_klaster_lama(tahun)), tahun
    for periode in PeriodePelaporan.objects.all():
        assert kelengkapan_baru(periode) == kelengkapan_lama(periode), periode


def _tersimpan() -> tuple[set, set]:
    rekap = set(RekapIndikatorTahunan.objects.values_list("pk", "tahun", "indikator", "capaian_n", "pagu", "anggaran"))
    jumlah = {
        (t, i): c for t, i, c in RekapIndikatorTahunan.objects.values_list("tahun", "indikator", "capaian_jumlah")
    }
    kelengkapan = set(
        KelengkapanPeriode.objects.values_list("pk", "periode", "opd", "wajib", "dilaporkan", "tepat_waktu")
    )
    return rekap | {("jumlah", k, round(v, 6) if v is not None else None) for k, v in jumlah.items()}, kelengkapan


def _tanpa_id(tersimpan: tuple[set, set]) -> tuple[set, set]:
    return tuple({row[1:] if isinstance(row[0], int) else row for row in rows} for rows in tersimpan)


def test_the_stored_roll_ups_equal_the_old_computation_after_random_writes():
    """Targets, reports in every status, moves, deactivations, deletes and period changes, in a random order."""
    rng = random.Random(20261211)  # noqa: S311 (test data, not secrets)
    periods = [PeriodeFactory(tahun=tahun, nomor=nomor) for tahun in TAHUN for nomor in (1, 2, 3)]
    indikator = list(Indikator.objects.order_by("pk")[:6])
    opds = [OPDFactory() for _ in range(3)]
    actions = [
        RencanaAksiFactory(arah=rng.choice(["naik", "turun"]), indikator=rng.choice(indikator), opd=rng.choice(opds))
        for _ in range(14)
    ]
    statuses = list(Realisasi.Status.values)
    user = UserFactory()
    for step in range(250):
        rencana = RencanaAksi.objects.filter(pk=rng.choice(actions).pk).first()
        kind = rng.randrange(10)
        if rencana is None:
            rencana = RencanaAksiFactory(indikator=rng.choice(indikator), opd=rng.choice(opds))
            actions.append(rencana)
        elif kind in (0, 1):
            TargetTahunan.objects.update_or_create(
                rencana_aksi=rencana,
                tahun=rng.choice(TAHUN),
                defaults={"target": Decimal(rng.choice(["0", "4", "10"])), "pagu": rng.choice([0, 10**8, 3 * 10**7])},
            )
        elif kind in (2, 3, 4):
            periode = rng.choice(periods)
            realisasi = Realisasi.objects.filter(rencana_aksi=rencana, periode=periode).first()
            if realisasi is None:
                realisasi = RealisasiFactory.build(rencana_aksi=rencana, periode=periode, dibuat_oleh=user)
            realisasi.status = rng.choice(statuses)
            realisasi.nilai_capaian = rng.choice([None, Decimal("0"), Decimal("3"), Decimal("15")])
            realisasi.realisasi_anggaran = rng.choice([0, 5_000_000, 30_000_000])
            hari = periode.batas_lapor + datetime.timedelta(days=rng.choice([-3, 0, 1, 9]))
            realisasi.diajukan_pada = timezone.make_aware(datetime.datetime.combine(hari, datetime.time(10)))
            realisasi.save()
        elif kind == 5:
            found = Realisasi.objects.filter(rencana_aksi=rencana).order_by("?").first()
            if found:
                found.delete()
        elif kind == 6:
            # Moved to another indicator or OPD, or (de)activated.
            rencana.indikator = rng.choice(indikator)
            rencana.opd = rng.choice(opds)
            rencana.aktif = rng.random() > 0.2
            rencana.save()
        elif kind == 7:
            if rng.random() < 0.3:
                rencana.delete()
            else:
                TargetTahunan.objects.filter(rencana_aksi=rencana).order_by("?").first() and (
                    TargetTahunan.objects.filter(rencana_aksi=rencana).order_by("?").first().delete()
                )
        elif kind == 8:
            periode = rng.choice(periods)
            periode.batas_lapor = periode.selesai + datetime.timedelta(days=rng.choice([5, 15, 40]))
            periode.save()
        elif len(periods) < 10:
            periods.append(PeriodeFactory(tahun=rng.choice(TAHUN), nomor=4))
        assert_same_as_before()
        stored = _tersimpan()
        rekap_refresh()
        assert _tersimpan() == stored, step  # a refresh from scratch finds nothing to change, ids included
    assert RekapIndikatorTahunan.objects.exists()
    assert KelengkapanPeriode.objects.filter(dilaporkan__gt=0, tepat_waktu__lt=F("dilaporkan")).exists()


def _klaster(rencana, tahun=2025):
    return next(r for r in rekap_klaster(tahun=tahun) if r.klaster.pk == rencana.indikator.klaster_id)


def _opd(periode, rencana):
    return next((k for k in kelengkapan_laporan_list(periode=periode) if k["opd_id"] == rencana.opd_id), None)


def test_a_new_target_enters_the_roll_ups_and_the_completeness():
    periode = PeriodeFactory(nomor=1)
    rencana = RencanaAksiFactory()
    before = _klaster(rencana)
    assert _opd(periode, rencana) is None
    TargetTahunanFactory(rencana_aksi=rencana, pagu=40_000_000)
    assert _klaster(rencana).pagu == before.pagu + 40_000_000
    assert (_opd(periode, rencana)["wajib"], _opd(periode, rencana)["dilaporkan"]) == (1, 0)
    assert_same_as_before()


@pytest.mark.parametrize(
    ("status", "dilaporkan"),
    [
        (Realisasi.Status.DIAJUKAN, 1),
        (Realisasi.Status.DIVERIFIKASI, 1),
        (Realisasi.Status.DIKEMBALIKAN, 0),
        (Realisasi.Status.DRAFT, 0),
    ],
)
def test_a_report_counts_once_submitted_or_verified_and_no_more_once_returned(status, dilaporkan):
    periode = PeriodeFactory(nomor=1)
    rencana = TargetTahunanFactory(target=Decimal("10")).rencana_aksi
    realisasi = RealisasiFactory(
        rencana_aksi=rencana,
        periode=periode,
        status=Realisasi.Status.DIAJUKAN,
        nilai_capaian=Decimal("5"),
        realisasi_anggaran=25_000_000,
        diajukan_pada="2025-04-10T10:00:00+07:00",
    )
    assert (_opd(periode, rencana)["dilaporkan"], _opd(periode, rencana)["tepat_waktu"]) == (1, 1)
    assert _klaster(rencana).anggaran == 25_000_000
    realisasi.status = status
    realisasi.save()
    assert _opd(periode, rencana)["dilaporkan"] == dilaporkan
    assert _klaster(rencana).anggaran == 25_000_000 * dilaporkan
    assert (_klaster(rencana).capaian_persen is not None) == bool(dilaporkan)
    assert_same_as_before()


def test_a_deleted_action_leaves_the_roll_ups():
    periode = PeriodeFactory(nomor=1)
    rencana = TargetTahunanFactory(pagu=70_000_000).rencana_aksi
    RealisasiFactory(rencana_aksi=rencana, periode=periode)
    assert _klaster(rencana).pagu == 70_000_000
    rencana.delete()
    assert _klaster(rencana).pagu == 0
    assert _opd(periode, rencana) is None
    assert not RekapIndikatorTahunan.objects.filter(indikator=rencana.indikator_id).exists()
    assert_same_as_before()


def test_an_action_moved_to_another_opd_and_indicator_leaves_the_old_ones():
    periode = PeriodeFactory(nomor=1)
    rencana = TargetTahunanFactory(pagu=70_000_000).rencana_aksi
    lama = RencanaAksi.objects.get(pk=rencana.pk)
    lama_opd, lama_indikator = lama.opd_id, lama.indikator
    lama.opd = OPDFactory()
    lama.indikator = Indikator.objects.exclude(klaster=lama_indikator.klaster).first()
    lama.save()
    assert not KelengkapanPeriode.objects.filter(periode=periode, opd=lama_opd).exists()
    assert not RekapIndikatorTahunan.objects.filter(indikator=lama_indikator).exists()
    assert _klaster(lama).pagu == 70_000_000
    assert_same_as_before()


def test_a_new_period_is_due_from_every_opd_with_targets_that_year():
    rencana = TargetTahunanFactory(tahun=2026).rencana_aksi
    TargetTahunanFactory(rencana_aksi=rencana, tahun=2025)
    periode = PeriodeFactory(tahun=2026, nomor=2)
    assert (_opd(periode, rencana)["wajib"], _opd(periode, rencana)["dilaporkan"]) == (1, 0)
    assert_same_as_before()


def test_a_later_deadline_makes_a_late_report_on_time():
    periode = PeriodeFactory(nomor=1)  # batas_lapor 15 April
    rencana = TargetTahunanFactory().rencana_aksi
    RealisasiFactory(rencana_aksi=rencana, periode=periode, diajukan_pada="2025-04-20T10:00:00+07:00")
    assert _opd(periode, rencana)["tepat_waktu"] == 0
    periode.batas_lapor = datetime.date(2025, 4, 30)
    periode.save(update_fields=["batas_lapor"])
    assert _opd(periode, rencana)["tepat_waktu"] == 1
    assert_same_as_before()


def test_a_rebuild_restores_roll_ups_lost_outside_the_app():
    periode = PeriodeFactory(nomor=1)
    RealisasiFactory(rencana_aksi=TargetTahunanFactory().rencana_aksi, periode=periode)
    kept = _tanpa_id(_tersimpan())
    RekapIndikatorTahunan.objects.all().delete()
    KelengkapanPeriode.objects.all().delete()
    progres_rebuild()
    assert _tanpa_id(_tersimpan()) == kept
    assert_same_as_before()


def test_the_dashboard_reads_of_the_roll_ups_take_one_query_whatever_the_data():
    periode = PeriodeFactory(nomor=1)
    for _ in range(2):
        RealisasiFactory(rencana_aksi=TargetTahunanFactory().rencana_aksi, periode=periode)
    with CaptureQueriesContext(connection) as small:
        rekap_klaster(tahun=2025)
        kelengkapan_laporan_list(periode=periode)
    for _ in range(6):
        RealisasiFactory(rencana_aksi=TargetTahunanFactory().rencana_aksi, periode=periode)
    with CaptureQueriesContext(connection) as large:
        rekap_klaster(tahun=2025)
        kelengkapan_laporan_list(periode=periode)
    assert len(small) == len(large) == 2
    assert "rad_kla_progrestahunan" not in " ".join(q["sql"] for q in large.captured_queries)
