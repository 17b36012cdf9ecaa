"""The secretariat keeps the other names a published RAD matrix uses; the next import reads them."""

import pytest
from django.urls import reverse

from rad_kla.excel.matriks_terbit import _Referensi
from rad_kla.models import NamaLainLokasi, NamaLainSumberDana, SumberDana
from tests.gugus_tugas.factories import KecamatanFactory

pytestmark = pytest.mark.django_db

URL = reverse("rad_kla:nama_lain")


def test_the_admin_adds_a_funding_source_and_a_place_that_the_import_then_reads(client, admin_user):
    kecamatan = KecamatanFactory(nama="Bangko")
    client.force_login(admin_user)
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"jenis": "sumber", "nama": "  Dana  Kelurahan ", "sumber_dana": SumberDana.APBN})
    assert response.status_code == 302, response.context["sumber_form"].errors
    response = client.post(URL, {"jenis": "lokasi", "nama": "Kota Bangko", "wilayah": kecamatan.pk})
    assert response.status_code == 302, response.context["lokasi_form"].errors
    response = client.post(URL, {"jenis": "lokasi", "nama": "Se-Kabupaten", "wilayah": ""})
    assert response.status_code == 302
    ref = _Referensi()
    assert ref.find_sumber("dana kelurahan") == SumberDana.APBN
    assert ref.find_lokasi("KOTA BANGKO") == (True, kecamatan)
    assert ref.find_lokasi("Se-Kabupaten") == (True, None)
    html = client.get(URL).content.decode()
    assert "Dana Kelurahan" in html and "Kota Bangko" in html


def test_a_name_already_kept_is_refused_in_words_and_nothing_is_added(client, admin_user):
    NamaLainSumberDana.objects.create(nama="BOSDA", sumber_dana=SumberDana.APBD)
    before = NamaLainSumberDana.objects.count()
    client.force_login(admin_user)
    response = client.post(URL, {"jenis": "sumber", "nama": "bosda", "sumber_dana": SumberDana.APBN})
    assert response.status_code == 200 and "nama" in response.context["sumber_form"].errors
    assert NamaLainSumberDana.objects.count() == before


def test_the_admin_deletes_a_name_and_other_roles_may_not(client, admin_user, operator_dinkes, koordinator_klaster3):
    item = NamaLainLokasi.objects.create(nama="5 Kecamatan", wilayah=None)
    hapus = reverse("rad_kla:nama_lain_lokasi_hapus", args=[item.pk])
    for user in (operator_dinkes, koordinator_klaster3):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(hapus).status_code == 403
        assert client.post(URL, {"jenis": "sumber", "nama": "X", "sumber_dana": SumberDana.APBN}).status_code == 403
    assert NamaLainLokasi.objects.filter(pk=item.pk).exists()
    client.force_login(admin_user)
    assert client.post(hapus).status_code == 302
    assert not NamaLainLokasi.objects.filter(pk=item.pk).exists()
