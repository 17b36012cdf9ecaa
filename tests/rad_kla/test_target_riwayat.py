"""A yearly target's history names who set it, also when no request is around (an import on the server)."""

from decimal import Decimal

import pytest

from rad_kla.services import target_tahunan_set
from tests.rad_kla.factories import RencanaAksiFactory

pytestmark = pytest.mark.django_db


def test_a_target_set_by_a_user_is_recorded_as_theirs(admin_user):
    rencana = RencanaAksiFactory()
    item = target_tahunan_set(rencana=rencana, tahun=2025, target=Decimal("10"), pagu=5_000_000, by=admin_user)
    assert item.history.get().history_user == admin_user
