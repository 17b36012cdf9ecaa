"""Each framework version carries its legal basis as data; the 24-indicator set is in force from 2018."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from klaster.kerangka import NAMA_INDIKATOR_4_LAMA
from klaster.models import Indikator, VersiKerangka
from klaster.selectors import indikator_aktif_list, versi_kerangka_get
from klaster.services import kerangka_seed

pytestmark = pytest.mark.django_db

upgrade = importlib.import_module("klaster.migrations.0004_dasar_hukum_per_versi")


def test_the_instrument_in_force_today_is_kepmen_21_2023_under_permen_12_2022():
    versi = versi_kerangka_get(tahun=2025)
    assert "Kepmen PPPA 21/2023" in versi.dasar_hukum
    assert "Permen PPPA 12/2022" in versi.dasar_hukum
    assert "Perpres" not in versi.dasar_hukum


def test_the_years_before_the_kepmen_have_a_version_whose_legal_basis_is_not_yet_recorded():
    versi = versi_kerangka_get(tahun=2019)
    assert versi.berlaku_mulai == 2018 and versi.berlaku_sampai == 2022
    assert versi.dasar_hukum == ""
    assert versi_kerangka_get(tahun=2017) is None


def test_the_24_indicator_set_is_in_force_from_2018():
    assert indikator_aktif_list(tahun=2017).count() == 0
    assert indikator_aktif_list(tahun=2018).count() == 24
    assert indikator_aktif_list(tahun=2025).count() == 24


def test_indicator_4_is_named_as_kemenpppa_writes_it():
    assert Indikator.objects.get(kode="4").nama == "Kepemilikan Kutipan Akta Kelahiran"


def test_the_framework_page_shows_the_legal_basis_of_the_year(client, operator_dinkes):
    client.force_login(operator_dinkes)
    html = client.get(reverse("klaster:index"), {"tahun": 2025}).content.decode()
    assert "Kepmen PPPA 21/2023" in html and "Permen PPPA 12/2022" in html
    html = client.get(reverse("klaster:index"), {"tahun": 2019}).content.decode()
    assert "Kepmen PPPA 21/2023" not in html
    assert "Belum dicatat." in html


def test_the_legal_basis_shown_is_the_edited_data(client, pimpinan):
    VersiKerangka.objects.filter(berlaku_mulai=2018).update(dasar_hukum="Peraturan uji 1/2018")
    client.force_login(pimpinan)
    html = client.get(reverse("klaster:index"), {"tahun": 2020}).content.decode()
    assert "Peraturan uji 1/2018" in html


def test_the_framework_page_says_real_maxima_are_uneven_and_unpublished(client, pimpinan):
    client.force_login(pimpinan)
    html = client.get(reverse("klaster:index"), {"tahun": 2025}).content.decode()
    assert "tidak sama besar dan tidak dipublikasikan" in html


def test_restoring_the_framework_recreates_a_deleted_version_and_keeps_an_edited_one():
    VersiKerangka.objects.filter(berlaku_mulai=2023).update(catatan="Catatan sekretariat")
    VersiKerangka.objects.filter(berlaku_mulai=2018).delete()
    assert kerangka_seed() == 1
    assert VersiKerangka.objects.get(berlaku_mulai=2023).catatan == "Catatan sekretariat"
    assert versi_kerangka_get(tahun=2019) is not None


def test_upgrading_moves_the_seeded_set_to_2018_and_renames_indicator_4():
    Indikator.objects.update(berlaku_mulai=2021)
    Indikator.objects.filter(kode="4").update(nama=NAMA_INDIKATOR_4_LAMA)
    VersiKerangka.objects.all().delete()

    upgrade.forward(apps, None)

    assert set(Indikator.objects.values_list("berlaku_mulai", flat=True)) == {2018}
    assert Indikator.objects.get(kode="4").nama == "Kepemilikan Kutipan Akta Kelahiran"
    assert VersiKerangka.objects.count() == 2


def test_upgrading_keeps_a_name_edited_in_the_admin_and_a_kode_that_has_its_own_2018_row():
    Indikator.objects.update(berlaku_mulai=2021)
    Indikator.objects.filter(kode="4").update(nama="Akta kelahiran (nama daerah)")
    satu = Indikator.objects.get(kode="1")
    Indikator.objects.create(
        kode="1", nama="Versi 2018", klaster=satu.klaster, urutan=1, bobot=0, berlaku_mulai=2018, berlaku_sampai=2020
    )

    upgrade.forward(apps, None)

    assert Indikator.objects.get(kode="4").nama == "Akta kelahiran (nama daerah)"
    satu.refresh_from_db()
    assert satu.berlaku_mulai == 2021
    assert Indikator.objects.get(kode="2").berlaku_mulai == 2018


def test_downgrading_restores_the_old_year_and_name():
    upgrade.backward(apps, None)
    assert set(Indikator.objects.values_list("berlaku_mulai", flat=True)) == {2021}
    assert Indikator.objects.get(kode="4").nama == NAMA_INDIKATOR_4_LAMA
