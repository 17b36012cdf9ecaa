"""Direction-aware progress maths of the progress engine: capaian, serapan, status, roll-ups, kept on write."""

import datetime
import io
import random
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from klaster.models import Indikator
from rad_kla.models import PeriodePelaporan, ProgresTahunan, Realisasi, RencanaAksi, TargetTahunan
from rad_kla.progres import progres_compute, progres_defer, progres_rebuild
from rad_kla.selectors import (
    StatusProgres,
    kelengkapan_laporan_list,
    progres_jumlah,
    rekap_klaster,
    rekap_opd,
    rekap_tahun,
    rencana_list,
)
from tests.gugus_tugas.factories import UserFactory
from tests.rad_kla.factories import PeriodeFactory, RealisasiFactory, RencanaAksiFactory, TargetTahunanFactory

pytestmark = pytest.mark.django_db


def progres(rencana, tahun=2025):
    return rencana_list(user=None, tahun=tahun).get(pk=rencana.pk)


def action(
    *, arah="naik", target="10", pagu=100_000_000, nilai=None, nomor=4, status=Realisasi.Status.DIAJUKAN, anggaran=0
):
    rencana = RencanaAksiFactory(arah=arah)
    TargetTahunanFactory(rencana_aksi=rencana, target=Decimal(target), pagu=pagu)
    if nilai is not None:
        RealisasiFactory(
            rencana_aksi=rencana,
            periode=PeriodeFactory(nomor=nomor),
            nilai_capaian=Decimal(nilai),
            realisasi_anggaran=anggaran,
            status=status,
        )
    return rencana


@pytest.mark.parametrize(
    ("arah", "target", "nilai", "expected"),
    [
        ("naik", "10", "5", 50.0),
        ("naik", "10", "12", 120.0),
        ("naik", "0", "0", 100.0),
        ("naik", "0", "3", 100.0),
        ("turun", "14", "14", 100.0),
        ("turun", "14", "7", 150.0),
        ("turun", "14", "21", 50.0),
        ("turun", "14", "30", 0.0),
        ("turun", "0", "0", 100.0),
        ("turun", "0", "2", 0.0),
    ],
)
def test_capaian_follows_the_direction_of_the_indicator(arah, target, nilai, expected):
    assert progres(action(arah=arah, target=target, nilai=nilai)).capaian_persen == pytest.approx(expected)


def test_the_latest_period_gives_the_years_level_and_spending_adds_up():
    rencana = action(target="10", pagu=100_000_000, nilai="3", nomor=1, anggaran=20_000_000)
    RealisasiFactory(
        rencana_aksi=rencana, periode=PeriodeFactory(nomor=2), nilai_capaian=Decimal("6"), realisasi_anggaran=30_000_000
    )
    row = progres(rencana)
    assert row.nilai_terakhir == Decimal("6")
    assert row.capaian_persen == pytest.approx(60.0)
    assert row.anggaran_tahun == 50_000_000
    assert row.serapan_persen == pytest.approx(50.0)


def test_drafts_and_returned_reports_do_not_count():
    draft = action(nilai="9", status=Realisasi.Status.DRAFT)
    returned = action(nilai="9", status=Realisasi.Status.DIKEMBALIKAN)
    assert progres(draft).status_progres == StatusProgres.BELUM_LAPOR
    assert progres(returned).capaian_persen is None


@pytest.mark.parametrize(
    ("nilai", "nomor", "expected"),
    [
        ("5", 2, StatusProgres.SESUAI),  # 50 % at mid-year
        ("4.3", 2, StatusProgres.SESUAI),  # 43 % ≥ 85 % of 50 %
        ("4", 2, StatusProgres.PERHATIAN),  # 40 %: 80 % of the pro-rated target
        ("3.4", 2, StatusProgres.TERLAMBAT),  # 34 % < 70 % of 50 %
        ("8", 4, StatusProgres.PERHATIAN),  # 80 % at year end
        ("10", 4, StatusProgres.SESUAI),
    ],
)
def test_status_compares_capaian_with_the_pro_rated_target(nilai, nomor, expected):
    assert progres(action(target="10", nilai=nilai, nomor=nomor)).status_progres == expected


def test_semester_periods_pro_rate_by_half_years():
    rencana = action(target="10")
    semester = PeriodeFactory(
        jenis=PeriodePelaporan.Jenis.SEMESTER,
        nomor=1,
        mulai="2025-01-01",
        selesai="2025-06-30",
        batas_lapor="2025-07-15",
    )
    RealisasiFactory(rencana_aksi=rencana, periode=semester, nilai_capaian=Decimal("4.5"))
    assert progres(rencana).status_progres == StatusProgres.SESUAI


def test_an_action_without_a_target_for_the_year_says_so():
    rencana = RencanaAksiFactory()
    assert progres(rencana).status_progres == StatusProgres.TANPA_TARGET
    assert progres(rencana).serapan_persen is None


def test_zero_budget_gives_no_serapan():
    assert progres(action(pagu=0, nilai="5", anggaran=0)).serapan_persen is None


def test_opd_roll_up_caps_over_achievement_and_ignores_missing_reports():
    a = action(target="10", nilai="20")  # 200 % counts as 100
    b = action(target="10", nilai="5")
    b.opd = a.opd
    b.save()
    c = action(target="10")  # no report: not averaged in
    c.opd = a.opd
    c.save()
    row = next(r for r in rekap_opd(tahun=2025) if r["opd_id"] == a.opd_id)
    assert row["jumlah_aksi"] == 3
    assert row["capaian_persen"] == pytest.approx(75.0)
    assert row["pagu"] == 300_000_000


def test_klaster_roll_up_is_weighted_by_indicator_bobot():
    i14 = Indikator.objects.get(kode="14")
    i15 = Indikator.objects.get(kode="15")
    i14.bobot, i15.bobot = Decimal("30"), Decimal("10")
    i14.save()
    i15.save()
    a = action(target="10", nilai="10")  # indicator 14: 100 %
    b = RencanaAksiFactory(indikator=i15)
    TargetTahunanFactory(rencana_aksi=b, target=Decimal("10"))
    RealisasiFactory(rencana_aksi=b, periode=PeriodeFactory(nomor=4), nilai_capaian=Decimal("2"))  # 20 %
    assert a.indikator == i14
    iii = next(r for r in rekap_klaster(tahun=2025) if r.klaster.kode == "III")
    assert iii.capaian_persen == pytest.approx((100 * 30 + 20 * 10) / 40)
    assert iii.jumlah_aksi == 2


def test_completeness_counts_reports_and_timeliness_per_opd():
    periode = PeriodeFactory(nomor=1)
    on_time = action()
    late = action()
    missing = action()
    for r in (late, missing):
        r.opd = on_time.opd
        r.save()
    RealisasiFactory(rencana_aksi=on_time, periode=periode, diajukan_pada="2025-04-10T10:00:00+07:00")
    RealisasiFactory(rencana_aksi=late, periode=periode, diajukan_pada="2025-05-20T10:00:00+07:00")
    row = next(r for r in kelengkapan_laporan_list(periode=periode) if r["opd_id"] == on_time.opd_id)
    assert (row["wajib"], row["dilaporkan"], row["tepat_waktu"]) == (3, 2, 1)
    assert row["kelengkapan_persen"] == pytest.approx(200 / 3)


def varied_actions():
    """Actions in every progress state, both directions, zero targets, drafts, several periods and two OPDs."""
    i15 = Indikator.objects.get(kode="15")
    cases = [
        dict(arah="naik", target="10", nilai="9", nomor=4),  # sesuai
        dict(arah="naik", target="10", nilai="2", nomor=4),  # terlambat
        dict(arah="naik", target="10", nilai="3", nomor=2),  # perhatian at half year
        dict(arah="naik", target="10", nilai="25", nomor=1),  # over-achieved
        dict(arah="turun", target="14", nilai="7", nomor=4),
        dict(arah="turun", target="14", nilai="40", nomor=3),
        dict(arah="turun", target="0", nilai="0", nomor=4),
        dict(arah="turun", target="0", nilai="2", nomor=4),
        dict(arah="naik", target="0", nilai="1", nomor=4),
        dict(arah="naik", target="10", nilai="5", nomor=4, status=Realisasi.Status.DRAFT),  # not counted
        dict(arah="naik", target="10", nilai="8", nomor=4, status=Realisasi.Status.DIVERIFIKASI),
        dict(arah="naik", target="10"),  # no report
    ]
    made = [action(**case, anggaran=5_000_000) for case in cases]
    made.append(RencanaAksiFactory())  # no target
    earlier = made[0]
    RealisasiFactory(rencana_aksi=earlier, periode=PeriodeFactory(nomor=1), nilai_capaian=Decimal("1"))
    for rencana in made[::3]:
        rencana.indikator = i15
        rencana.save()
    for rencana in made[::2]:
        rencana.opd = made[1].opd
        rencana.save()
    return made


def _stored():
    return {(p.rencana_aksi_id, p.tahun): _fields(p) for p in ProgresTahunan.objects.all()}


def _fields(p):
    return (p.target, p.pagu, p.periode_id, p.porsi, p.nilai, p.anggaran, p.capaian_persen, p.serapan_persen, p.status)


def _from_scratch():
    ids = list(RencanaAksi.objects.values_list("pk", flat=True))
    return {(p.rencana_aksi_id, p.tahun): _fields(p) for p in progres_compute(ids)}


def test_stored_progress_equals_a_recomputation_from_scratch_after_random_writes():
    """Every kind of write, in a random order, leaves the stored progress equal to a full recomputation."""
    rng = random.Random(20261201)  # noqa: S311 (test data, not secrets)
    periods = [PeriodeFactory(tahun=tahun, nomor=nomor) for tahun in (2025, 2026) for nomor in (1, 2, 3, 4)]
    periods.append(PeriodeFactory(tahun=2025, jenis=PeriodePelaporan.Jenis.SEMESTER, nomor=1))
    actions = [RencanaAksiFactory(arah=rng.choice(["naik", "turun"])) for _ in range(12)]
    statuses = list(Realisasi.Status.values)
    seen = set()
    for step in range(300):
        rencana = rng.choice(actions)
        kind = rng.randrange(7)
        if kind == 0:
            TargetTahunan.objects.update_or_create(
                rencana_aksi=rencana,
                tahun=rng.choice([2025, 2026]),
                defaults={"target": Decimal(rng.choice(["0", "4", "10", "12.5"])), "pagu": rng.choice([0, 10**8])},
            )
        elif kind == 1:
            TargetTahunan.objects.filter(rencana_aksi=rencana, tahun=rng.choice([2025, 2026])).first() and (
                TargetTahunan.objects.filter(rencana_aksi=rencana).order_by("?").first().delete()
            )
        elif kind in (2, 3):
            periode = rng.choice(periods)
            realisasi = Realisasi.objects.filter(rencana_aksi=rencana, periode=periode).first()
            if realisasi is None:
                realisasi = RealisasiFactory.build(rencana_aksi=rencana, periode=periode)
                realisasi.dibuat_oleh = UserFactory()
            realisasi.status = rng.choice(statuses)
            realisasi.nilai_capaian = rng.choice([None, Decimal("0"), Decimal("3"), Decimal("9.5"), Decimal("15")])
            realisasi.realisasi_anggaran = rng.choice([0, 5_000_000, 30_000_000])
            realisasi.save()
        elif kind == 4:
            found = Realisasi.objects.filter(rencana_aksi=rencana).order_by("?").first()
            if found:
                found.delete()
        elif kind == 5:
            rencana.arah = "turun" if rencana.arah == "naik" else "naik"
            rencana.save()
        else:
            # A period's kind and end date decide the share of the year and which report is the latest.
            periode = rng.choice(periods)
            periode.jenis = rng.choice([PeriodePelaporan.Jenis.TRIWULAN, PeriodePelaporan.Jenis.SEMESTER])
            periode.nomor = rng.choice([1, 2])
            periode.selesai = periode.mulai + datetime.timedelta(days=rng.choice([30, 90, 180, 400]))
            clash = PeriodePelaporan.objects.exclude(pk=periode.pk)
            if not clash.filter(tahun=periode.tahun, jenis=periode.jenis, nomor=periode.nomor).exists():
                periode.save()
            else:
                periode.refresh_from_db()
        stored = _stored()
        assert stored == _from_scratch(), (step, kind)
        seen |= {row[-1] for row in stored.values()}
    assert seen >= {StatusProgres.SESUAI, StatusProgres.TERLAMBAT, StatusProgres.BELUM_LAPOR}
    # Deleting actions takes their progress with them.
    RencanaAksi.objects.filter(pk__in=[a.pk for a in actions[:4]]).delete()
    assert _stored() == _from_scratch()


def test_a_rebuild_gives_the_rows_the_writes_kept():
    varied_actions()
    kept = _stored()
    ProgresTahunan.objects.all().delete()
    assert progres_rebuild() == len(kept)
    assert _stored() == kept


def test_a_bulk_write_in_a_deferred_block_refreshes_once():
    rencana = action(target="10", nilai="5", nomor=2)
    with CaptureQueriesContext(connection) as ctx, progres_defer():
        for nomor in (1, 3, 4):
            RealisasiFactory(rencana_aksi=rencana, periode=PeriodeFactory(nomor=nomor), nilai_capaian=Decimal(nomor))
    locks = [q for q in ctx.captured_queries if "FOR UPDATE" in q["sql"]]
    assert len(locks) == 1
    assert progres(rencana).nilai_terakhir == Decimal("4")
    assert _stored() == _from_scratch()


def test_roll_ups_match_the_mean_of_the_per_action_progress():
    varied_actions()
    rows = list(rencana_list(user=None, tahun=2025))
    for r in rekap_opd(tahun=2025):
        mine = [x for x in rows if x.opd_id == r["opd_id"]]
        capped = [min(x.capaian_persen, 100.0) for x in mine if x.capaian_persen is not None]
        assert r["jumlah_aksi"] == len(mine)
        assert r["capaian_persen"] == (pytest.approx(sum(capped) / len(capped)) if capped else None)
        assert r["pagu"] == sum(x.pagu_tahun or 0 for x in mine)
        assert r["anggaran"] == sum(x.anggaran_tahun for x in mine)
    klaster, opd = rekap_tahun(tahun=2025)
    assert klaster == rekap_klaster(tahun=2025)
    assert opd == rekap_opd(tahun=2025)


def test_the_progres_filter_keeps_exactly_the_actions_in_that_state():
    varied_actions()
    rows = list(rencana_list(user=None, tahun=2025))
    for status in StatusProgres.LABELS:
        filtered = rencana_list(user=None, tahun=2025, filters={"progres": status})
        assert sorted(r.pk for r in filtered) == sorted(r.pk for r in rows if r.status_progres == status)


def test_progress_counts_per_state_match_the_list():
    made = varied_actions()
    rows = list(rencana_list(user=None, tahun=2025))
    counts = progres_jumlah(tahun=2025)
    assert counts == {s: sum(1 for r in rows if r.status_progres == s) for s in StatusProgres.LABELS}
    opd_id = made[1].opd_id
    mine = progres_jumlah(tahun=2025, opd_id=opd_id)
    assert mine == {
        s: sum(1 for r in rows if r.status_progres == s and r.opd_id == opd_id) for s in StatusProgres.LABELS
    }
    assert sum(mine.values()) < sum(counts.values())


def test_a_year_without_reporting_periods_has_targets_but_no_reports():
    rencana = RencanaAksiFactory()
    TargetTahunanFactory(rencana_aksi=rencana, tahun=2030, target=Decimal("4"), pagu=8_000_000)
    assert not PeriodePelaporan.objects.filter(tahun=2030).exists()
    klaster, opd = rekap_tahun(tahun=2030)
    row = next(r for r in opd if r["opd_id"] == rencana.opd_id)
    assert (row["jumlah_aksi"], row["capaian_persen"], row["pagu"]) == (1, None, 8_000_000)
    assert sum(k.jumlah_aksi for k in klaster) == 1
    assert progres_jumlah(tahun=2030)[StatusProgres.BELUM_LAPOR] == 1
    assert list(rencana_list(user=None, tahun=2030, filters={"progres": StatusProgres.BELUM_LAPOR})) == [rencana]


def test_the_rebuild_command_restores_progress_lost_outside_the_app():
    rencana = action(target="10", nilai="5", nomor=2)
    ProgresTahunan.objects.all().delete()  # e.g. a table restored without it
    assert progres(rencana).status_progres == StatusProgres.TANPA_TARGET
    call_command("progres_rebuild", stdout=io.StringIO())
    assert progres(rencana).status_progres == StatusProgres.SESUAI


def test_the_migration_fills_the_progress_of_a_database_that_had_none():
    import importlib

    from django.apps import apps as django_apps

    rencana = action(target="10", nilai="9", nomor=4)
    kept = _stored()
    ProgresTahunan.objects.all().delete()  # as before the table existed
    importlib.import_module("rad_kla.migrations.0008_progres_tahunan").forward(django_apps, None)
    assert _stored() == kept
    assert progres(rencana).status_progres == StatusProgres.SESUAI
