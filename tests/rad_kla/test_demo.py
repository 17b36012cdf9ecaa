"""The demo RAD: a full Kota Metro plan with reports in every state, repeatable and scalable."""

import datetime
from collections import Counter

import pytest
from django.apps import apps
from django.core import serializers

from gugus_tugas.demo import demo_organisasi_seed
from gugus_tugas.models import User
from klaster.models import Indikator
from rad_kla import services
from rad_kla.demo import HARI_DEMO, demo_rad_seed
from rad_kla.models import PeriodePelaporan, Realisasi, RencanaAksi, TargetTahunan
from rad_kla.selectors import StatusProgres, realisasi_antrean_list, rencana_list
from tests.bench.scale import demo_rad_scale

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    demo_organisasi_seed(password="Demo-Metro-2026", new_password="Demo-Metro-2026")
    return demo_rad_seed()


def rad_snapshot() -> dict[str, str]:
    data = {}
    for model in apps.get_app_config("rad_kla").get_models(include_auto_created=True):
        data[model._meta.label] = serializers.serialize("json", model.objects.order_by("pk"))
    return data


def test_the_plan_covers_every_indicator_with_at_least_fifteen_opds(seeded):
    rencana = RencanaAksi.objects.all()
    assert rencana.count() >= 120
    assert seeded["rencana_aksi"] == rencana.count()
    assert rencana.values("opd").distinct().count() >= 15
    assert set(rencana.values_list("indikator__kode", flat=True)) == {str(n) for n in range(1, 25)}
    assert rencana.exclude(lokasi=None).filter(lokasi__jenis="kelurahan").count() >= 10
    assert len(set(rencana.values_list("sumber_dana", flat=True))) >= 4
    assert RencanaAksi.opd_terkait.through.objects.exists()
    assert RencanaAksi.objects.filter(kode="RAD-III-14-001", opd__singkatan="Dinkes").exists()


def test_every_action_has_a_target_and_budget_for_every_rad_year(seeded):
    years = set(range(2024, 2031))
    for rencana in RencanaAksi.objects.prefetch_related("target"):
        assert {t.tahun for t in rencana.target.all()} == years, rencana.kode
        assert all(25_000_000 <= t.pagu <= 750_000_000 for t in rencana.target.all()), rencana.kode
    assert TargetTahunan.objects.count() == RencanaAksi.objects.count() * 7


def test_lower_is_better_indicators_get_decreasing_targets(seeded):
    for kode in ("7", "12"):
        assert Indikator.objects.get(kode=kode).arah == Indikator.Arah.TURUN
        for rencana in RencanaAksi.objects.filter(indikator__kode=kode):
            targets = list(rencana.target.order_by("tahun").values_list("target", flat=True))
            assert rencana.arah == Indikator.Arah.TURUN
            assert targets == sorted(targets, reverse=True) and targets[0] > targets[-1], rencana.kode
            assert rencana.baseline > targets[0]


def test_the_past_is_closed_and_the_current_and_previous_quarter_are_open(seeded):
    periode = PeriodePelaporan.objects.filter(jenis=PeriodePelaporan.Jenis.TRIWULAN)
    assert set(periode.values_list("tahun", flat=True)) == {2024, 2025, 2026}
    assert list(periode.filter(terbuka=True).values_list("tahun", "nomor")) == [(2026, 3), (2026, 4)]


def test_realisations_come_in_every_status_some_late_and_some_missing(seeded):
    realisasi = Realisasi.objects.select_related("periode")
    assert set(realisasi.values_list("status", flat=True)) == set(Realisasi.Status.values)
    assert set(realisasi.values_list("periode__tahun", flat=True)) == {2024, 2025, 2026}
    assert realisasi.filter(periode__tahun=2025, status=Realisasi.Status.DIVERIFIKASI).count() >= 400
    late = [r for r in realisasi.exclude(diajukan_pada=None) if r.diajukan_pada.date() > r.periode.batas_lapor]
    assert 10 <= len(late) <= realisasi.count() // 5
    assert any(r.status == Realisasi.Status.DIAJUKAN for r in late)
    reported_2025 = set(realisasi.filter(periode__tahun=2025).values_list("rencana_aksi", flat=True))
    assert 0 < RencanaAksi.objects.exclude(pk__in=reported_2025).count() < 20
    for item in realisasi.filter(status=Realisasi.Status.DIKEMBALIKAN):
        assert item.catatan_verifikator and item.diperiksa_oleh and item.periode.terbuka


def test_workflow_fields_match_what_the_services_record(seeded):
    koordinator = User.objects.get(username="koordinator.klaster3")
    for item in Realisasi.objects.select_related("rencana_aksi__indikator__klaster", "rencana_aksi__opd", "periode"):
        if item.status == Realisasi.Status.DRAFT:
            assert item.diajukan_pada is None and item.diperiksa_pada is None and item.periode.terbuka
            continue
        assert item.dibuat_pada < item.diajukan_pada
        assert item.diajukan_oleh.has_perm("rad_kla.isi_realisasi", item)
        assert item.realisasi_anggaran <= item.rencana_aksi.target.get(tahun=item.periode.tahun).pagu
        if item.status == Realisasi.Status.DIAJUKAN:
            assert item.diperiksa_pada is None
        else:
            assert (
                item.diajukan_pada
                < item.diperiksa_pada
                <= datetime.datetime.combine(HARI_DEMO, datetime.time(), datetime.UTC)
            )
            assert item.diperiksa_oleh.has_perm("rad_kla.verifikasi_realisasi", item)
            if item.rencana_aksi.indikator.klaster.kode == "III":
                assert item.diperiksa_oleh == koordinator


def test_the_klaster_iii_coordinator_has_reports_to_verify_and_can_verify_them(seeded):
    koordinator = User.objects.get(username="koordinator.klaster3")
    antrean = list(realisasi_antrean_list(user=koordinator))
    assert len(antrean) >= 3
    services.realisasi_verify(realisasi=antrean[0], by=koordinator, catatan="Sesuai.")
    assert len(realisasi_antrean_list(user=koordinator)) == len(antrean) - 1


def test_the_dinkes_operator_can_fix_and_resubmit_a_returned_report(seeded):
    operator = User.objects.get(username="opd.dinkes")
    returned = Realisasi.objects.filter(status=Realisasi.Status.DIKEMBALIKAN, rencana_aksi__opd=operator.opd)
    item = (
        returned.first()
        or Realisasi.objects.filter(
            status=Realisasi.Status.DRAFT, rencana_aksi__opd=operator.opd, periode__terbuka=True
        )
        .exclude(nilai_capaian=None)
        .exclude(narasi="")
        .first()
    )
    assert item is not None
    services.realisasi_submit(realisasi=item, by=operator)
    assert Realisasi.objects.get(pk=item.pk).status == Realisasi.Status.DIAJUKAN


def test_progress_statuses_are_varied(seeded):
    for tahun in (2024, 2025, 2026):
        statuses = Counter(rencana_list(user=None, tahun=tahun).values_list("status_progres", flat=True))
        assert statuses[StatusProgres.SESUAI] > statuses[StatusProgres.PERHATIAN] > 0, tahun
        assert statuses[StatusProgres.TERLAMBAT] > 0 and statuses[StatusProgres.BELUM_LAPOR] > 0, tahun


def test_a_second_run_changes_nothing_including_history(seeded):
    before = rad_snapshot()
    demo_rad_seed()
    assert rad_snapshot() == before


def test_a_second_run_restores_a_demo_row_and_records_it_in_history(seeded):
    item = Realisasi.objects.filter(status=Realisasi.Status.DIAJUKAN).first()
    item.status = Realisasi.Status.DIVERIFIKASI
    item.save()
    history = Realisasi.history.count()
    demo_rad_seed()
    assert Realisasi.objects.get(pk=item.pk).status == Realisasi.Status.DIAJUKAN
    assert Realisasi.history.count() == history + 1


def test_scale_two_doubles_the_actions_and_their_reports_once(seeded):
    base = (RencanaAksi.objects.count(), TargetTahunan.objects.count(), Realisasi.objects.count())
    assert demo_rad_scale(scale=2) == base[0]
    assert (RencanaAksi.objects.count(), TargetTahunan.objects.count(), Realisasi.objects.count()) == tuple(
        2 * n for n in base
    )
    copy = RencanaAksi.objects.get(kode="RAD-III-14-001-s2")
    original = RencanaAksi.objects.get(kode="RAD-III-14-001")
    assert (copy.indikator_id, copy.opd_id, copy.uraian) == (original.indikator_id, original.opd_id, original.uraian)
    assert list(copy.realisasi.values_list("periode", "status", "nilai_capaian", "dibuat_pada")) == list(
        original.realisasi.values_list("periode", "status", "nilai_capaian", "dibuat_pada")
    )
    assert set(copy.opd_terkait.all()) == set(original.opd_terkait.all())
    before = rad_snapshot()
    demo_rad_seed()
    assert demo_rad_scale(scale=2) == 0
    assert rad_snapshot() == before
