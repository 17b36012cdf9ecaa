"""Demo cases: DOMAIN.md yearly totals, all 22 kelurahan, fake identities, idempotent."""

import pytest
from django.db.models import Count
from django.db.models.functions import ExtractYear

from gugus_tugas.demo import demo_organisasi_seed
from kasus.demo import demo_kasus_seed
from kasus.models import Kasus, Korban, NomorUrut
from tests.bench.scale import demo_kasus_scale

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisasi():
    demo_organisasi_seed(password="Demo-Metro-2026", new_password="x")


def test_yearly_victim_totals_follow_the_reported_figures(organisasi):
    demo_kasus_seed()
    per_tahun = dict(
        Korban.objects.annotate(t=ExtractYear("kasus__tanggal_lapor")).values_list("t").annotate(n=Count("id"))
    )
    assert per_tahun[2020] == 10 and per_tahun[2021] == 17
    assert sorted(per_tahun) == [2020, 2021, 2022, 2023, 2024, 2025]
    sampai_juli = Korban.objects.filter(kasus__tanggal_lapor__range=("2022-01-01", "2022-07-31"))
    assert sampai_juli.filter(kelompok_umur__in=["0-5", "6-12", "13-17"]).values("kasus").distinct().count() == 5
    assert sampai_juli.exclude(kelompok_umur__in=["0-5", "6-12", "13-17"]).filter(jenis_kelamin="P").count() == 4


def test_cases_spread_over_all_22_kelurahan_with_clearly_fake_identities(organisasi):
    demo_kasus_seed()
    assert Kasus.objects.values("kelurahan").distinct().count() == 22
    for korban in Korban.objects.all():
        assert korban.nik.startswith("0000") and len(korban.nik) == 16
        assert korban.nama.endswith("(fiktif)")


def test_a_second_run_adds_nothing(organisasi):
    assert demo_kasus_seed() == Kasus.objects.count()
    count = Kasus.objects.count()
    demo_kasus_seed()
    assert Kasus.objects.count() == count


def test_scale_copies_every_case_once_with_its_own_fake_identities(organisasi):
    count = demo_kasus_seed()
    korban_per_tahun = _korban_per_tahun()
    assert demo_kasus_scale(scale=3) == 2 * count
    assert demo_kasus_scale(scale=3) == 0
    assert Kasus.objects.count() == 3 * count
    assert _korban_per_tahun() == {tahun: 3 * n for tahun, n in korban_per_tahun.items()}
    korban = list(Korban.objects.all())
    assert len({k.nik for k in korban}) == len(korban)
    assert all(k.nik.startswith("0000") and len(k.nik) == 16 and k.nama.endswith("(fiktif)") for k in korban)
    # The next case a worker records takes the number after the copies.
    assert NomorUrut.objects.get(tahun=2025).terakhir == Kasus.objects.filter(tanggal_lapor__year=2025).count()


def _korban_per_tahun() -> dict[int, int]:
    return dict(Korban.objects.annotate(t=ExtractYear("kasus__tanggal_lapor")).values_list("t").annotate(n=Count("id")))
