"""RAD fixtures: an action of the Dinas Kesehatan in Klaster III with a 2025 target and an open quarter."""

from decimal import Decimal

import pytest

from tests.rad_kla.factories import PeriodeFactory, RencanaAksiFactory, TargetTahunanFactory


@pytest.fixture
def rencana(opd_dinkes):
    rencana = RencanaAksiFactory(kode="RAD-III-14-001", opd=opd_dinkes)
    TargetTahunanFactory(rencana_aksi=rencana, tahun=2025, target=Decimal("10"), pagu=100_000_000)
    return rencana


@pytest.fixture
def periode_terbuka(db):
    return PeriodeFactory(tahun=2025, nomor=3, terbuka=True)


@pytest.fixture
def periode_tertutup(db):
    return PeriodeFactory(tahun=2025, nomor=2, terbuka=False)
