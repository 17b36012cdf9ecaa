"""Indicator weights: the seeded set sums to 1000 and every change must keep it so."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from klaster.models import Indikator
from klaster.selectors import bobot_total_get, indikator_aktif_list
from klaster.services import bobot_validate, indikator_bobot_set

pytestmark = pytest.mark.django_db


def test_seeded_framework_has_24_indicators_summing_to_1000():
    assert indikator_aktif_list(tahun=2025).count() == 24
    assert bobot_total_get(tahun=2025) == Decimal(1000)
    bobot_validate(tahun=2025)


def test_lower_is_better_indicators_are_marked():
    turun = set(Indikator.objects.filter(arah=Indikator.Arah.TURUN).values_list("kode", flat=True))
    assert turun == {"7", "12"}


def test_it_moves_weight_between_indicators():
    satu, dua = indikator_aktif_list(tahun=2025)[:2]
    indikator_bobot_set(bobot={satu.pk: satu.bobot + Decimal("10"), dua.pk: dua.bobot - Decimal("10")}, tahun=2025)
    satu.refresh_from_db()
    assert satu.bobot == Decimal("51.67")
    assert bobot_total_get(tahun=2025) == Decimal(1000)


def test_it_refuses_a_change_that_breaks_the_total_and_keeps_the_old_weights():
    satu = indikator_aktif_list(tahun=2025).first()
    with pytest.raises(ValidationError, match="harus tepat 1000"):
        indikator_bobot_set(bobot={satu.pk: Decimal("100")}, tahun=2025)
    satu.refresh_from_db()
    assert satu.bobot == Decimal("41.67")


def test_it_refuses_indicators_not_in_force():
    with pytest.raises(ValidationError, match="tidak berlaku"):
        indikator_bobot_set(bobot={999999: Decimal("1")}, tahun=2025)


def test_a_new_indicator_unbalances_the_year_until_weights_are_fixed():
    klaster = Indikator.objects.first().klaster
    Indikator.objects.create(kode="21a", nama="Sub-indikator", klaster=klaster, urutan=99, bobot=10, berlaku_mulai=2026)
    with pytest.raises(ValidationError):
        bobot_validate(tahun=2026)
    bobot_validate(tahun=2025)


def test_admin_changelist_refuses_weights_that_do_not_sum_to_1000(client, admin_user):
    admin_user.is_superuser = True
    admin_user.save(update_fields=["is_superuser"])
    client.force_login(admin_user)
    items = list(Indikator.objects.order_by("pk"))
    data = {
        "form-TOTAL_FORMS": str(len(items)),
        "form-INITIAL_FORMS": str(len(items)),
        "_save": "Simpan",
    }
    for i, item in enumerate(items):
        data[f"form-{i}-id"] = str(item.pk)
        data[f"form-{i}-bobot"] = str(item.bobot)
    data["form-0-bobot"] = "99"
    response = client.post(reverse("admin:klaster_indikator_changelist"), data)
    assert response.status_code == 200
    assert "harus tepat 1000" in response.content.decode()
    assert bobot_total_get(tahun=2025) == Decimal(1000)


def test_restoring_the_framework_keeps_edited_rows_and_recreates_missing_ones():
    from klaster.services import kerangka_seed

    Indikator.objects.filter(kode="24").delete()
    Indikator.objects.filter(kode="1").update(nama="Perda KLA (diubah)")
    assert kerangka_seed() == 1
    assert Indikator.objects.get(kode="1").nama == "Perda KLA (diubah)"
    assert Indikator.objects.filter(kode="24").exists()
    assert kerangka_seed() == 0
