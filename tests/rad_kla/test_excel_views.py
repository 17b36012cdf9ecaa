"""The export, template and import pages: permissions, filters, preview, confirmation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.storage import private_storage
from klaster.models import Klaster
from rad_kla import services
from rad_kla.excel_views import XLSX_CONTENT_TYPE
from rad_kla.filters import rencana_filter_get
from rad_kla.models import ImporRad, RencanaAksi
from rad_kla.services import impor_rad_import
from tests.gugus_tugas.factories import OPDFactory, UserFactory
from tests.rad_kla.excel_utils import BASE, read, row, target_headers, xlsx
from tests.rad_kla.factories import RencanaAksiFactory, TargetTahunanFactory

pytestmark = pytest.mark.django_db

HEADERS = [*BASE, *target_headers(), "Catatan"]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(rows, name="rad.xlsx"):
    return SimpleUploadedFile(name, xlsx(HEADERS, rows).getvalue(), content_type=XLSX_CONTENT_TYPE)


@pytest.fixture
def worker(monkeypatch, django_capture_on_commit_callbacks):
    """Runs each queued import step when its request commits, as the worker would (see test_impor_worker.py)."""
    monkeypatch.setattr(services, "_impor_rad_enqueue", lambda impor_id: impor_rad_import(impor_id=impor_id))

    def post(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def pending_files():
    storage = private_storage()
    return storage.listdir("impor-rad")[1] if storage.exists("impor-rad") else []


def test_admin_exports_the_filtered_list_as_xlsx(client, admin_user):
    dinsos = OPDFactory(singkatan="Dinsos")
    RencanaAksiFactory(kode="S-1", opd=dinsos)
    RencanaAksiFactory(kode="S-2")
    client.force_login(admin_user)
    response = client.get("/rad/ekspor/", {"tahun": "2025", "opd": dinsos.pk, "klaster": "bukan-angka"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="rad-kla-2025.xlsx"'
    ws = read(response.content)["RAD KLA"]
    assert [cell.value for cell in ws["A"]] == ["Kode", "S-1"]


@pytest.mark.parametrize("fixture", ["pimpinan", "operator_dinkes", "koordinator_klaster3"])
def test_every_rad_reader_may_export(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get("/rad/ekspor/").status_code == 200


def test_case_workers_may_not_export(client, petugas_kasus):
    client.force_login(petugas_kasus)
    assert client.get("/rad/ekspor/").status_code == 403
    assert client.get("/rad/impor/templat/").status_code == 403


def test_export_query_count_does_not_grow(client, pimpinan):
    client.force_login(pimpinan)
    for n in range(2):
        TargetTahunanFactory(rencana_aksi=RencanaAksiFactory(kode=f"Q-{n}"))
    with CaptureQueriesContext(connection) as small:
        client.get("/rad/ekspor/")
    for n in range(2, 15):
        TargetTahunanFactory(rencana_aksi=RencanaAksiFactory(kode=f"Q-{n}", opd=OPDFactory()))
    with CaptureQueriesContext(connection) as large:
        client.get("/rad/ekspor/")
    assert len(large) == len(small)


def test_filters_are_read_from_the_query_string_and_bad_values_ignored(rf, opd_dinkes):
    klaster = Klaster.objects.get(kode="III")
    query = {"tahun": "2026", "klaster": klaster.pk, "opd": opd_dinkes.pk, "q": " PRA ", "status": "diajukan"}
    tahun, filters = rencana_filter_get(rf.get("/rad/ekspor/", {**query, "progres": "entah", "indikator": "x"}))
    assert tahun == 2026
    assert filters == {"klaster": klaster.pk, "opd": opd_dinkes.pk, "q": "PRA", "status": "diajukan"}
    tahun, filters = rencana_filter_get(rf.get("/rad/ekspor/", {"tahun": "dua ribu"}))
    assert (tahun, filters) == (timezone.localdate().year, {})


def test_operator_downloads_the_template(client, operator_dinkes):
    client.force_login(operator_dinkes)
    response = client.get("/rad/impor/templat/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="templat-impor-rad-kla.xlsx"'
    assert read(response.content).sheetnames == ["RAD KLA", "Petunjuk"]


def test_admin_sees_the_import_page_with_the_template_link(client, admin_user):
    client.force_login(admin_user)
    html = client.get("/rad/impor/").content.decode()
    assert 'href="/rad/impor/templat/"' in html and 'name="berkas"' in html


@pytest.mark.parametrize("fixture", ["pimpinan", "operator_dinkes", "koordinator_klaster3", "petugas_kasus"])
def test_only_the_secretariat_may_import(client, request, fixture, opd_dinkes):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get("/rad/impor/").status_code == 403
    assert client.post("/rad/impor/", {"berkas": upload([row("A-1")])}).status_code == 403
    assert RencanaAksi.objects.count() == 0 and ImporRad.objects.count() == 0


def test_upload_queues_a_check_and_the_page_polls_its_progress(client, admin_user, opd_dinkes):
    client.force_login(admin_user)
    response = client.post("/rad/impor/", {"berkas": upload([row("A-1")])})
    impor = ImporRad.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rad/impor/{impor.pk}/"
    assert impor.status == ImporRad.Status.ANTRI and impor.diunggah_oleh == admin_user
    assert impor.berkas.startswith("impor-rad/") and "rad.xlsx" not in impor.berkas
    html = client.get(response["Location"]).content.decode()
    assert f'hx-get="/rad/impor/{impor.pk}/status/"' in html and 'hx-trigger="every 1s"' in html
    assert "<progress" in html and "<script" not in html.split('id="impor-status"')[1]
    ImporRad.objects.filter(pk=impor.pk).update(status=ImporRad.Status.DIPROSES, progres=40)
    assert 'value="40"' in client.get(f"/rad/impor/{impor.pk}/status/").content.decode()
    assert RencanaAksi.objects.count() == 0


def test_the_checked_sheet_shows_a_preview_and_confirmation_imports(client, admin_user, opd_dinkes, worker):
    client.force_login(admin_user)
    response = worker(client, "/rad/impor/", {"berkas": upload([row("A-1"), row("A-2")])})
    impor = ImporRad.objects.get()
    html = client.get(f"/rad/impor/{impor.pk}/status/").content.decode()
    assert "hx-get" not in html
    assert 'data-testid="jumlah-baru">2<' in html
    assert "Catatan" in html and 'data-testid="konfirmasi-impor"' in html
    assert RencanaAksi.objects.count() == 0 and len(pending_files()) == 1

    response = worker(client, f"/rad/impor/{impor.pk}/simpan/", {})
    assert response.status_code == 302 and response["Location"] == f"/rad/impor/{impor.pk}/"
    assert sorted(RencanaAksi.objects.values_list("kode", flat=True)) == ["A-1", "A-2"]
    assert RencanaAksi.objects.get(kode="A-1").history.get().history_user == admin_user
    html = client.get(response["Location"]).content.decode()
    assert "2 rencana aksi baru" in html and "konfirmasi-impor" not in html
    assert pending_files() == []


def test_confirming_twice_saves_once(client, admin_user, opd_dinkes, worker):
    client.force_login(admin_user)
    worker(client, "/rad/impor/", {"berkas": upload([row("A-1")])})
    impor = ImporRad.objects.get()
    worker(client, f"/rad/impor/{impor.pk}/simpan/", {})
    response = client.post(f"/rad/impor/{impor.pk}/simpan/", follow=True)
    assert "tidak dapat disimpan" in response.content.decode()
    assert RencanaAksi.objects.get(kode="A-1").history.count() == 1


def test_a_file_with_errors_lists_them_without_a_confirm_button(client, admin_user, opd_dinkes, worker):
    client.force_login(admin_user)
    worker(client, "/rad/impor/", {"berkas": upload([row("A-1"), row("A-2", opd="Dinas Entah")])})
    impor = ImporRad.objects.get()
    html = client.get(f"/rad/impor/{impor.pk}/").content.decode()
    assert "OPD &quot;Dinas Entah&quot; tidak dikenal." in html
    assert "<td>3</td>" in html
    assert "konfirmasi-impor" not in html
    assert pending_files() == []
    assert client.post(f"/rad/impor/{impor.pk}/simpan/").status_code == 302
    assert RencanaAksi.objects.count() == 0


def test_another_users_import_is_not_found(client, admin_user, opd_dinkes, worker):
    client.force_login(admin_user)
    worker(client, "/rad/impor/", {"berkas": upload([row("A-1")])})
    impor = ImporRad.objects.get()
    client.force_login(UserFactory(username="admin.lain", peran=admin_user.peran))
    assert client.get(f"/rad/impor/{impor.pk}/").status_code == 404
    assert client.get(f"/rad/impor/{impor.pk}/status/").status_code == 404
    assert client.post(f"/rad/impor/{impor.pk}/simpan/").status_code == 404
    assert RencanaAksi.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rad.pdf", b"%PDF-1.4 isi", "Unggah berkas Excel berformat .xlsx."),
        ("rad.xlsx", b"bukan zip", "tidak sesuai dengan jenisnya"),
        ("rad.xlsx", b"", "kosong"),
    ],
)
def test_only_real_xlsx_files_are_accepted(client, admin_user, name, content, message):
    client.force_login(admin_user)
    html = client.post("/rad/impor/", {"berkas": SimpleUploadedFile(name, content)}).content.decode()
    assert message in html
    assert pending_files() == [] and ImporRad.objects.count() == 0
