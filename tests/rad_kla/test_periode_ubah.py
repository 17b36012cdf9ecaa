"""The secretariat moves a reporting period's dates and deadline; nobody else may."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from rad_kla.models import PeriodePelaporan
from rad_kla.services import periode_update
from tests.rad_kla.factories import PeriodeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def q1(db):
    return PeriodeFactory(
        tahun=2026,
        jenis=PeriodePelaporan.Jenis.TRIWULAN,
        nomor=1,
        mulai=datetime.date(2026, 1, 1),
        selesai=datetime.date(2026, 3, 31),
        batas_lapor=datetime.date(2026, 4, 10),
    )


def test_it_moves_the_deadline_and_keeps_the_old_one_in_the_history(client, admin_user, q1):
    client.force_login(admin_user)
    url = reverse("rad_kla:periode_ubah", args=[q1.pk])
    assert 'value="2026-04-10"' in client.get(url).content.decode()
    response = client.post(url, {"mulai": "2026-01-01", "selesai": "2026-03-31", "batas_lapor": "2026-04-20"})
    assert response.status_code == 302
    q1.refresh_from_db()
    assert q1.batas_lapor == datetime.date(2026, 4, 20)
    assert q1.history.first().history_user == admin_user
    assert q1.history.last().batas_lapor == datetime.date(2026, 4, 10)


def test_it_refuses_a_deadline_before_the_period_ends_and_dates_outside_its_year(client, admin_user, q1):
    client.force_login(admin_user)
    url = reverse("rad_kla:periode_ubah", args=[q1.pk])
    html = client.post(
        url, {"mulai": "2025-12-01", "selesai": "2026-03-31", "batas_lapor": "2026-03-01"}
    ).content.decode()
    assert "Batas pelaporan tidak boleh sebelum periode berakhir." in html
    assert "tanggalnya harus di tahun itu" in html
    q1.refresh_from_db()
    assert q1.batas_lapor == datetime.date(2026, 4, 10)


def test_it_refuses_other_roles_on_the_page_and_in_the_service(client, operator_dinkes, koordinator_klaster3, q1):
    url = reverse("rad_kla:periode_ubah", args=[q1.pk])
    data = {"mulai": "2026-01-01", "selesai": "2026-03-31", "batas_lapor": "2026-05-01"}
    assert client.post(url, data)["Location"].startswith("/accounts/login/")
    for user in (operator_dinkes, koordinator_klaster3):
        client.force_login(user)
        assert client.post(url, data).status_code == 403
        with pytest.raises(PermissionDenied):
            periode_update(
                periode=q1,
                by=user,
                mulai=datetime.date(2026, 1, 1),
                selesai=datetime.date(2026, 3, 31),
                batas_lapor=datetime.date(2026, 5, 1),
            )
    q1.refresh_from_db()
    assert q1.batas_lapor == datetime.date(2026, 4, 10)
