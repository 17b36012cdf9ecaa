"""Demo OPDs follow Kota Metro's list in today's nomenclature; older spellings are kept as aliases and matched."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gugus_tugas.demo import OPD_LIST, demo_organisasi_seed
from gugus_tugas.models import OPD, NamaLainOPD
from gugus_tugas.selectors import opd_get_by_name, opd_nama_list
from tests.gugus_tugas.factories import OPDFactory

pytestmark = pytest.mark.django_db

upgrade = importlib.import_module("gugus_tugas.migrations.0007_disperkim_kawasan_permukiman")

# DOMAIN.md's typical OPDs of Kota Metro -> the demo's abbreviation and full name.
KOTA_METRO = {
    "Bappeda": ("Bappeda", "Badan Perencanaan Pembangunan Daerah"),
    "Dinas PPPAPPKB": (
        "DP3AP2KB",
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana",
    ),
    "Dinas Pendidikan dan Kebudayaan": ("Disdikbud", "Dinas Pendidikan dan Kebudayaan"),
    "Dinas Kesehatan": ("Dinkes", "Dinas Kesehatan"),
    "Dinas Sosial": ("Dinsos", "Dinas Sosial"),
    "Disdukcapil": ("Disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
    "Dinas Kominfo": ("Diskominfo", "Dinas Komunikasi dan Informatika"),
    "Dinas Perpustakaan dan Kearsipan": ("Dispusip", "Dinas Perpustakaan dan Kearsipan"),
    "Dinas Pemuda, Olahraga dan Pariwisata": ("Disporapar", "Dinas Pemuda, Olahraga dan Pariwisata"),
    "Dinas PUPR": ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    "Dinas Perumahan dan Permukiman": ("Disperkim", "Dinas Perumahan dan Kawasan Permukiman"),
    "Dinas Lingkungan Hidup": ("DLH", "Dinas Lingkungan Hidup"),
    "Dinas Perhubungan": ("Dishub", "Dinas Perhubungan"),
    "Dinas Tenaga Kerja": ("Disnaker", "Dinas Tenaga Kerja"),
    "Satpol PP": ("Satpol PP", "Satuan Polisi Pamong Praja"),
    "Kesbangpol": ("Kesbangpol", "Badan Kesatuan Bangsa dan Politik"),
    "BPBD": ("BPBD", "Badan Penanggulangan Bencana Daerah"),
    "RSUD Jend. A. Yani": ("RSUD A. Yani", "RSUD Jenderal Ahmad Yani"),
    **{f"Kecamatan {k}": (f"Kec. {k}", f"Kecamatan {k}") for k in ("Metro Pusat", "Metro Barat", "Metro Timur")},
    **{f"Kecamatan {k}": (f"Kec. {k}", f"Kecamatan {k}") for k in ("Metro Utara", "Metro Selatan")},
}


@pytest.fixture
def seeded():
    demo_organisasi_seed(password="Demo-Metro-2026", new_password="Demo-Metro-2026")


def test_every_kota_metro_opd_is_in_the_demo_under_its_current_name():
    demo = {singkatan: nama for nama, singkatan, _jenis in OPD_LIST}
    for sebutan, (singkatan, nama) in KOTA_METRO.items():
        assert demo.get(singkatan) == nama, sebutan


def test_every_spelling_of_domain_md_finds_its_demo_opd(seeded):
    for sebutan, (singkatan, _nama) in KOTA_METRO.items():
        assert opd_get_by_name(nama=sebutan).singkatan == singkatan, sebutan
    for ejaan in ("DP3AP2KB", "DPPPAPPKB", "DP3APPKB", "P3AP2KB", "Dinas PPPAPPKB"):
        assert opd_get_by_name(nama=ejaan).singkatan == "DP3AP2KB", ejaan


def test_the_housing_opd_is_named_kawasan_permukiman_and_its_old_name_still_matches(seeded):
    opd = OPD.objects.get(singkatan="Disperkim")
    assert opd.nama == "Dinas Perumahan dan Kawasan Permukiman"
    assert opd_get_by_name(nama="Dinas Perumahan dan Permukiman") == opd


def test_it_matches_ignoring_case_and_spacing(seeded):
    assert opd_get_by_name(nama="  dinas   perumahan dan PERMUKIMAN ").singkatan == "Disperkim"
    assert opd_get_by_name(nama="dinkes").singkatan == "Dinkes"


def test_it_finds_nothing_for_an_unknown_or_empty_name_or_an_inactive_opd(seeded):
    assert opd_get_by_name(nama="Dinas Tidak Ada") is None
    assert opd_get_by_name(nama="   ") is None
    OPD.objects.filter(singkatan="Disperkim").update(aktif=False)
    assert opd_get_by_name(nama="Dinas Perumahan dan Permukiman") is None


def test_an_opds_own_name_wins_over_an_alias_of_another():
    dinsos = OPDFactory(nama="Dinas Sosial", singkatan="Dinsos")
    lain = OPDFactory(nama="Dinas Lain", singkatan="DL")
    NamaLainOPD.objects.create(opd=lain, nama="Dinas Sosial")  # written past clean(), as a bulk load might
    assert opd_get_by_name(nama="Dinas Sosial") == dinsos
    assert dict(opd_nama_list())["dinas sosial"] == dinsos


def test_an_alias_that_names_another_opd_is_refused():
    OPDFactory(nama="Dinas Sosial", singkatan="Dinsos")
    lain = OPDFactory(nama="Dinas Lain", singkatan="DL")
    with pytest.raises(ValidationError, match="sudah dipakai"):
        NamaLainOPD(opd=lain, nama="dinsos").full_clean()


def test_an_alias_is_recorded_once_whatever_its_case():
    opd = OPDFactory()
    NamaLainOPD.objects.create(opd=opd, nama="DP3APPKB")
    with pytest.raises(IntegrityError), transaction.atomic():
        NamaLainOPD.objects.create(opd=opd, nama="dp3appkb")


def test_the_name_list_for_an_import_costs_two_queries_however_many_opds(seeded, django_assert_num_queries):
    with django_assert_num_queries(2):
        names = dict(opd_nama_list())
    assert names["dinas perumahan dan permukiman"].singkatan == "Disperkim"
    assert names["rsud jend. a. yani"].singkatan == "RSUD A. Yani"
    assert names["dinkes"].singkatan == "Dinkes"


def test_a_second_seed_run_adds_no_alias_twice_and_keeps_one_the_secretariat_moved(seeded):
    count = NamaLainOPD.objects.count()
    NamaLainOPD.objects.filter(nama="Dinas Kominfo").update(opd=OPD.objects.get(singkatan="Setda"))
    demo_organisasi_seed(password=None, new_password="Demo-Metro-2026")
    assert NamaLainOPD.objects.count() == count
    assert NamaLainOPD.objects.get(nama="Dinas Kominfo").opd.singkatan == "Setda"


def test_upgrading_renames_the_demo_housing_opd_and_keeps_its_old_name_as_alias():
    opd = OPDFactory(nama="Dinas Perumahan dan Permukiman", singkatan="Disperkim")
    upgrade.forward(apps, None)
    opd.refresh_from_db()
    assert opd.nama == "Dinas Perumahan dan Kawasan Permukiman"
    assert list(opd.nama_lain.values_list("nama", flat=True)) == ["Dinas Perumahan dan Permukiman"]
    upgrade.backward(apps, None)
    opd.refresh_from_db()
    assert opd.nama == "Dinas Perumahan dan Permukiman" and not opd.nama_lain.exists()


def test_upgrading_leaves_a_regions_own_housing_opd_alone():
    opd = OPDFactory(nama="Dinas Perumahan dan Permukiman", singkatan="Disperkim Kab")
    upgrade.forward(apps, None)
    opd.refresh_from_db()
    assert opd.nama == "Dinas Perumahan dan Permukiman"
    assert not NamaLainOPD.objects.exists()


def test_the_secretariat_records_other_spellings_on_the_opd_admin_page(client, superuser):
    opd = OPDFactory(nama="Dinas Perumahan dan Kawasan Permukiman", singkatan="Disperkim")
    client.force_login(superuser)
    url = f"/admin/gugus_tugas/opd/{opd.pk}/change/"
    assert "nama_lain-0-nama" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "nama": opd.nama,
            "singkatan": opd.singkatan,
            "jenis": opd.jenis,
            "aktif": "on",
            "nama_lain-TOTAL_FORMS": "1",
            "nama_lain-INITIAL_FORMS": "0",
            "nama_lain-0-nama": "Dinas  Perumahan dan Permukiman",
        },
    )
    assert response.status_code == 302
    assert opd_get_by_name(nama="Dinas Perumahan dan Permukiman") == opd


def test_the_rad_import_finds_an_opd_by_an_older_spelling(admin_user):
    from rad_kla.models import RencanaAksi
    from rad_kla.services import rencana_import
    from tests.rad_kla.excel_utils import BASE, row, xlsx

    opd = OPD.objects.create(nama="Dinas Perumahan dan Kawasan Permukiman", singkatan="Disperkim", jenis="opd")
    NamaLainOPD.objects.create(opd=opd, nama="Dinas Perumahan dan Permukiman")
    sheet = xlsx(BASE, [row(kode="RAD-X-1", opd="dinas  perumahan dan PERMUKIMAN")])
    result = rencana_import(sheet, filename="rad.xlsx", by=admin_user)
    assert result.errors == []
    assert RencanaAksi.objects.get(kode="RAD-X-1").opd == opd
