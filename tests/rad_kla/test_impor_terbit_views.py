"""The import page with a published matrix: summary, grouped errors, [Jadikan alias], corrected column roles, save."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gugus_tugas.models import NamaLainOPD
from rad_kla import services
from rad_kla.excel.matriks_terbit import lembar_terbit_read, pemetaan_detect
from rad_kla.excel_views import XLSX_CONTENT_TYPE
from rad_kla.models import ImporRad, PemetaanImpor, RencanaAksi
from rad_kla.services import impor_rad_import, pemetaan_impor_set
from tests.gugus_tugas.factories import OPDFactory, UserFactory
from tests.rad_kla.terbit_utils import Bentuk, matriks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def opds(opd_dinkes):
    OPDFactory(nama="Dinas Pemberdayaan Perempuan dan Perlindungan Anak", singkatan="DP3AP2KB")
    OPDFactory(nama="Dinas Pendidikan dan Kebudayaan", singkatan="Disdikbud")


@pytest.fixture
def worker(monkeypatch, django_capture_on_commit_callbacks):
    """Runs each queued import step when its request commits, as the worker would."""
    monkeypatch.setattr(services, "_impor_rad_enqueue", lambda impor_id: impor_rad_import(impor_id=impor_id))

    def post(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def upload(bentuk: Bentuk | None = None):
    berkas, expected = matriks(bentuk or Bentuk(lokasi=["Kota", "5 Kecamatan"]))
    return SimpleUploadedFile(berkas.name, berkas.getvalue(), content_type=XLSX_CONTENT_TYPE), expected


def test_an_unknown_opd_becomes_an_alias_from_the_preview_and_the_matrix_then_saves(client, admin_user, worker):
    client.force_login(admin_user)
    berkas, expected = upload()
    worker(client, "/rad/impor/", {"berkas": berkas})
    impor = ImporRad.objects.get()
    html = client.get(f"/rad/impor/{impor.pk}/").content.decode()
    assert f'data-testid="baris-aksi">{expected["aksi"]}<' in html
    assert 'data-testid="pagu-total">Rp 83.750.000<' in html
    assert "tanda tangan 3" in html
    assert "OPD tidak dikenal: 6 baris — Dinas PPPAPPKB (baris 13, 14, 15, 21, 22, 23)" in html
    assert "Jadikan alias" in html and "Buat OPD baru" in html and "konfirmasi-impor" not in html

    dp3 = NamaLainOPD._meta.get_field("opd").related_model.objects.get(singkatan="DP3AP2KB")
    response = worker(
        client, f"/rad/impor/{impor.pk}/alias-opd/0/", {"alias0-nama": "Dinas PPPAPPKB", "alias0-opd": dp3.pk}
    )
    assert response.status_code == 302
    assert NamaLainOPD.objects.get().opd == dp3
    html = client.get(f"/rad/impor/{impor.pk}/").content.decode()
    assert "konfirmasi-impor" in html and "OPD tidak dikenal" not in html

    worker(client, f"/rad/impor/{impor.pk}/simpan/", {})
    assert RencanaAksi.objects.count() == expected["aksi"]
    assert RencanaAksi.objects.filter(opd=dp3).count() == 6


def test_a_corrected_column_role_is_used_for_the_check_and_saved_under_a_name(client, admin_user, worker):
    NamaLainOPD.objects.create(
        opd=NamaLainOPD._meta.get_field("opd").related_model.objects.get(singkatan="DP3AP2KB"), nama="Dinas PPPAPPKB"
    )
    client.force_login(admin_user)
    berkas, expected = upload()
    worker(client, "/rad/impor/", {"berkas": berkas})
    impor = ImporRad.objects.get()
    kolom = impor.hasil["terbit"]["pemetaan"]["kolom"]
    data = {f"peran_{k['indeks']}": k["peran"] for k in kolom}
    data |= {f"tahun_{k['indeks']}": k["tahun"] or "" for k in kolom}
    pendukung = next(k["indeks"] for k in kolom if k["peran"] == "opd_pendukung")
    data[f"peran_{pendukung}"] = "abaikan"
    data["nama"] = "Perwali 2024"
    worker(client, f"/rad/impor/{impor.pk}/pemetaan/", data)
    impor.refresh_from_db()
    assert impor.pemetaan["kolom"][pendukung]["peran"] == "abaikan"
    assert PemetaanImpor.objects.get(nama="Perwali 2024").pemetaan["kolom"][pendukung]["peran"] == "abaikan"
    assert "OPD PENDUKUNG" in impor.hasil["unrecognised_headers"]
    worker(client, f"/rad/impor/{impor.pk}/simpan/", {})
    assert RencanaAksi.objects.count() == expected["aksi"]
    assert not RencanaAksi.opd_terkait.through.objects.exists()


def test_a_yearly_role_without_its_year_is_refused_in_the_form(client, admin_user, worker):
    client.force_login(admin_user)
    berkas, _expected = upload()
    worker(client, "/rad/impor/", {"berkas": berkas})
    impor = ImporRad.objects.get()
    kolom = impor.hasil["terbit"]["pemetaan"]["kolom"]
    data = {f"peran_{k['indeks']}": k["peran"] for k in kolom} | {"peran_0": "pagu"}
    response = client.post(f"/rad/impor/{impor.pk}/pemetaan/", data)
    assert response.status_code == 400
    assert "Kolom target atau pagu perlu tahunnya." in response.content.decode()


def test_only_the_uploader_corrects_or_adds_aliases(client, admin_user, worker):
    client.force_login(admin_user)
    berkas, _expected = upload()
    worker(client, "/rad/impor/", {"berkas": berkas})
    impor = ImporRad.objects.get()
    client.force_login(UserFactory(username="admin.lain", peran=admin_user.peran))
    assert client.post(f"/rad/impor/{impor.pk}/alias-opd/0/", {"alias0-nama": "X"}).status_code == 404
    assert client.post(f"/rad/impor/{impor.pk}/periksa-ulang/").status_code == 404
    assert not NamaLainOPD.objects.exists()


def test_an_operator_may_not_recheck(client, operator_dinkes):
    client.force_login(operator_dinkes)
    assert client.post("/rad/impor/1/periksa-ulang/").status_code == 403
    assert client.post("/rad/impor/1/alias-opd/0/").status_code == 403


def test_an_upload_may_name_a_saved_mapping_which_the_check_then_uses(client, admin_user, worker):
    berkas, _expected = upload()

    pemetaan = pemetaan_detect(lembar_terbit_read(io.BytesIO(berkas.read())))
    berkas.seek(0)
    for kolom in pemetaan.kolom:
        if kolom.peran == "opd_pendukung":
            kolom.peran = "abaikan"
    saved = pemetaan_impor_set(nama="Perwali 2024", pemetaan=pemetaan, by=admin_user)
    client.force_login(admin_user)
    assert "Perwali 2024" in client.get("/rad/impor/").content.decode()
    worker(client, "/rad/impor/", {"berkas": berkas, "pemetaan": saved.pk})
    impor = ImporRad.objects.get()
    assert impor.pemetaan == saved.pemetaan
    assert "OPD PENDUKUNG" in impor.hasil["unrecognised_headers"]


def test_the_preview_query_count_does_not_grow_with_the_unknown_names(client, admin_user, worker):
    client.force_login(admin_user)
    counts = []
    for names in (["Dinas Satu"], ["Dinas Satu", "Dinas Dua", "Dinas Tiga"]):
        berkas, _expected = upload(Bentuk(opd=names, program_per_indikator=3, lokasi=["Kota"]))
        worker(client, "/rad/impor/", {"berkas": berkas})
        impor = ImporRad.objects.latest("pk")
        with CaptureQueriesContext(connection) as queries:
            html = client.get(f"/rad/impor/{impor.pk}/").content.decode()
        assert html.count("Jadikan alias") == len(names)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_unknown_names_are_offered_page_by_page(client, admin_user, worker):
    client.force_login(admin_user)
    names = [f"Dinas Nomor {n:02d}" for n in range(25)]
    klaster = [("III", "KESEHATAN DASAR DAN KESEJAHTERAAN", ["14"])]
    bentuk = Bentuk(klaster=klaster, opd=names, program_per_indikator=25, aksi_per_sub=1, lokasi=["Kota"])
    berkas, _expected = upload(bentuk)
    worker(client, "/rad/impor/", {"berkas": berkas})
    impor = ImporRad.objects.get()
    first = client.get(f"/rad/impor/{impor.pk}/").content.decode()
    second = client.get(f"/rad/impor/{impor.pk}/", {"page": 2}).content.decode()
    assert first.count("Jadikan alias") == 20 and second.count("Jadikan alias") == 5
    assert "Halaman 1 dari 2" in first
    shown = {n for n in names if f"<td>{n}</td>" in first} | {n for n in names if f"<td>{n}</td>" in second}
    assert shown == set(names)
