"""Location labels follow each wilayah's own jenis: kelurahan, desa, or both — never a fixed "Kelurahan"."""

import pytest
from django.urls import reverse

from gugus_tugas.models import Wilayah
from gugus_tugas.selectors import kecamatan_list, wilayah_label_get
from tests.gugus_tugas.factories import KecamatanFactory

pytestmark = pytest.mark.django_db


def bagian(kecamatan, jenis, *nama):
    for item in nama:
        Wilayah.objects.create(nama=item, jenis=jenis, induk=kecamatan)


def test_a_wilayah_is_labelled_with_its_own_jenis():
    kecamatan = KecamatanFactory(nama="Bangko")
    desa = Wilayah.objects.create(nama="Pelangki", jenis=Wilayah.Jenis.DESA, induk=kecamatan)
    assert desa.label == "Desa Pelangki"
    assert kecamatan.label == "Kecamatan Bangko"


def test_a_kota_of_kelurahan_lists_them_as_kelurahan(client, pimpinan):
    bagian(KecamatanFactory(nama="Metro Pusat"), Wilayah.Jenis.KELURAHAN, "Metro", "Yosomulyo", "Imopuro")
    client.force_login(pimpinan)
    html = client.get(reverse("gugus_tugas:index")).content.decode()
    assert '<span class="text-muted small" data-testid="rincian-wilayah">(3 kelurahan)</span>' in html
    assert "Imopuro, Metro, Yosomulyo" in html
    assert "desa" not in html.lower().split("rincian-wilayah")[1].split("</span>")[0]


def test_a_kabupaten_kecamatan_counts_desa_and_kelurahan_apart_and_names_each_jenis(client, pimpinan):
    bangko = KecamatanFactory(nama="Bangko")
    bagian(bangko, Wilayah.Jenis.DESA, "Pelangki", "Sungai Kapas")
    bagian(bangko, Wilayah.Jenis.KELURAHAN, "Pasar Atas Bangko")
    client.force_login(pimpinan)
    html = client.get(reverse("gugus_tugas:index")).content.decode()
    assert "(2 desa, 1 kelurahan)" in html
    assert "Kelurahan Pasar Atas Bangko, Desa Pelangki, Desa Sungai Kapas" in html


def test_a_kecamatan_of_desa_says_desa(client, pimpinan):
    bagian(KecamatanFactory(nama="Tabir"), Wilayah.Jenis.DESA, "Rantau Panjang")
    client.force_login(pimpinan)
    assert "(1 desa)" in client.get(reverse("gugus_tugas:index")).content.decode()


def test_the_count_is_read_from_the_prefetched_list(django_assert_num_queries):
    for n in range(3):
        bagian(KecamatanFactory(), Wilayah.Jenis.DESA, f"Desa {n}a", f"Desa {n}b")
    with django_assert_num_queries(2):
        assert [k.rincian_bagian() for k in kecamatan_list()] == ["2 desa"] * 3


@pytest.mark.parametrize(
    ("jenis", "heading"),
    [
        ((), "Desa/Kelurahan"),
        ((Wilayah.Jenis.KELURAHAN,), "Kelurahan"),
        ((Wilayah.Jenis.DESA,), "Desa"),
        ((Wilayah.Jenis.DESA, Wilayah.Jenis.KELURAHAN), "Desa/Kelurahan"),
    ],
)
def test_the_heading_for_villages_follows_the_jenis_the_region_has(jenis, heading):
    kecamatan = KecamatanFactory()
    for n, item in enumerate(jenis):
        bagian(kecamatan, item, f"Wilayah {n}")
    assert wilayah_label_get() == heading


def test_the_case_form_names_each_jenis_only_where_a_region_has_both():
    from kasus.forms import KasusForm

    bangko = KecamatanFactory(nama="Bangko")
    bagian(bangko, Wilayah.Jenis.DESA, "Pelangki")
    field = KasusForm().fields["kelurahan"]
    assert (field.label, [label for _pk, label in field.choices][1:]) == ("Desa", ["Pelangki (Bangko)"])
    bagian(bangko, Wilayah.Jenis.KELURAHAN, "Pasar Atas Bangko")
    field = KasusForm().fields["kelurahan"]
    labels = [label for _pk, label in field.choices][1:]
    assert (field.label, labels) == (
        "Desa/Kelurahan",
        ["Kelurahan Pasar Atas Bangko (Bangko)", "Desa Pelangki (Bangko)"],
    )
