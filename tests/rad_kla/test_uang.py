"""Money above Rp 10^15 (a pagu or a period's spending) is refused with a clear message, never a server error."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rad_kla import services
from rad_kla.forms import RealisasiForm
from rad_kla.models import UANG_MAKS, Realisasi, TargetTahunan

pytestmark = pytest.mark.django_db

PESAN = "paling besar Rp 1.000.000.000.000.000"


def test_the_limit_is_ten_to_the_fifteenth():
    assert UANG_MAKS == 10**15


def test_the_realisation_form_refuses_spending_above_the_limit():
    form = RealisasiForm({"realisasi_anggaran": str(UANG_MAKS + 1)})
    assert not form.is_valid()
    assert PESAN in " ".join(form.errors["realisasi_anggaran"])
    assert RealisasiForm({"realisasi_anggaran": str(UANG_MAKS)}).is_valid()


def test_the_service_refuses_spending_above_the_limit(rencana, periode_terbuka, operator_dinkes):
    with pytest.raises(ValidationError, match=PESAN) as error:
        services.realisasi_update(
            rencana=rencana,
            periode=periode_terbuka,
            by=operator_dinkes,
            nilai_capaian=Decimal("4"),
            realisasi_anggaran=UANG_MAKS + 1,
            anggaran_lebih_dikonfirmasi=True,
        )
    assert "realisasi_anggaran" in error.value.error_dict
    assert not Realisasi.objects.exists()


def test_a_huge_amount_on_the_page_is_a_message_not_a_server_error(client, rencana, periode_terbuka, operator_dinkes):
    client.force_login(operator_dinkes)
    url = reverse("rad_kla:realisasi_isi", args=[rencana.pk, periode_terbuka.pk])
    for amount in (UANG_MAKS + 1, 10**19, 10**30):
        response = client.post(url, {"nilai_capaian": "4", "realisasi_anggaran": str(amount), "simpan": "1"})
        assert response.status_code == 200, amount
        assert PESAN in response.content.decode()
    assert not Realisasi.objects.exists()


def test_a_pagu_above_the_limit_is_refused(rencana):
    with pytest.raises(ValidationError, match=PESAN) as error:
        services.target_tahunan_set(rencana=rencana, tahun=2026, target=Decimal("5"), pagu=UANG_MAKS + 1)
    assert "pagu" in error.value.error_dict
    assert not TargetTahunan.objects.filter(tahun=2026).exists()


def test_a_pagu_at_the_limit_is_kept(rencana):
    item = services.target_tahunan_set(rencana=rencana, tahun=2026, target=Decimal("5"), pagu=UANG_MAKS)
    assert item.pagu == UANG_MAKS
