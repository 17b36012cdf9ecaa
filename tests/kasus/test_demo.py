"""Demo cases: DOMAIN.md yearly totals, all 22 kelurahan, fake identities, idempotent."""

import pytest
from django.db.models import Count
from django.db.models.functions import ExtractYear

from gugus_tugas.demo import demo_organisasi_seed
from kasus.demo import demo_kasus_seed
from kasus.models import Kasus, Korban

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


def test_scale_multiplies_the_cases_and_a_second_run_adds_nothing(organisasi):
    assert demo_kasus_seed() == Kasus.objects.count()
    count = Kasus.objects.count()
    demo_kasus_seed()
    assert Kasus.objects.count() == count
    demo_kasus_seed(scale=2)
    assert Kasus.objects.count() == 2 * count
