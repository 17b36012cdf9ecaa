"""The RAD import through a real Celery worker: the check, the preview, the save and the progress."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile

from gugus_tugas.models import Peran
from gugus_tugas.services import roles_setup
from kla_metro.celery import app
from klaster.services import kerangka_seed
from rad_kla.excel_views import XLSX_CONTENT_TYPE
from rad_kla.models import ImporRad, RencanaAksi
from rad_kla.services import impor_rad_import
from tests.gugus_tugas.factories import OPDFactory, UserFactory
from tests.rad_kla.excel_utils import BASE, row, target_headers, xlsx

HEADERS = [*BASE, *target_headers()]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def wait_for(impor: ImporRad, timeout: float = 90) -> ImporRad:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        impor.refresh_from_db()
        if not impor.aktif:
            return impor
        time.sleep(0.2)
    raise AssertionError(f"impor {impor.pk} masih {impor.status} setelah {timeout} detik")


def sheet(rows: int) -> SimpleUploadedFile:
    content = xlsx(HEADERS, [row(f"W-{n:04d}") for n in range(rows)]).getvalue()
    return SimpleUploadedFile("rad-besar.xlsx", content, content_type=XLSX_CONTENT_TYPE)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_sheet_is_checked_and_saved_by_the_worker_while_the_page_shows_progress(client):
    # Transactional tests flush the database: the framework reference data comes back here.
    kerangka_seed()
    roles_setup()
    OPDFactory(singkatan="Dinkes")
    admin = UserFactory(username="admin.impor", peran=Peran.ADMIN_SEKRETARIAT)
    client.force_login(admin)
    seen = set()
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=10):
        response = client.post("/rad/impor/", {"berkas": sheet(1200)})
        impor = ImporRad.objects.get()
        assert response["Location"] == f"/rad/impor/{impor.pk}/"
        deadline = time.monotonic() + 90
        while impor.aktif and time.monotonic() < deadline:
            html = client.get(f"/rad/impor/{impor.pk}/status/").content.decode()
            if "hx-get" in html:
                seen.add(int(html.split('value="')[1].split('"')[0]))
            impor.refresh_from_db()
            time.sleep(0.05)
        impor = wait_for(impor)
        assert impor.tahap == ImporRad.Tahap.PRATINJAU and impor.status == ImporRad.Status.SELESAI
        assert impor.hasil["created"] == 1200 and impor.hasil["errors"] == []
        assert RencanaAksi.objects.count() == 0

        client.post(f"/rad/impor/{impor.pk}/simpan/")
        impor = wait_for(impor)
        assert impor.status == ImporRad.Status.SELESAI and impor.hasil["saved"] is True
        html = client.get(f"/rad/impor/{impor.pk}/").content.decode()
        assert "1200 rencana aksi baru" in html.replace(".", "")
    assert RencanaAksi.objects.count() == 1200
    assert RencanaAksi.objects.get(kode="W-0001").history.get().history_user == admin
    # The bar was shown moving, not only at its end.
    assert any(v < 100 for v in seen)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_sheet_with_one_bad_row_saves_nothing_on_the_worker(client):
    kerangka_seed()
    roles_setup()
    OPDFactory(singkatan="Dinkes")
    admin = UserFactory(username="admin.impor", peran=Peran.ADMIN_SEKRETARIAT)
    client.force_login(admin)
    rows = [row(f"B-{n:03d}") for n in range(600)] + [row("B-X", opd="Dinas Entah")]
    upload = SimpleUploadedFile("rad.xlsx", xlsx(HEADERS, rows).getvalue(), content_type=XLSX_CONTENT_TYPE)
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=10):
        client.post("/rad/impor/", {"berkas": upload})
        impor = wait_for(ImporRad.objects.get())
    assert [error["baris"] for error in impor.hasil["errors"]] == [602]
    assert impor.berkas == ""
    assert client.post(f"/rad/impor/{impor.pk}/simpan/").status_code == 302
    assert RencanaAksi.objects.count() == 0


@pytest.mark.django_db
def test_a_message_delivered_twice_runs_the_step_once(admin_user):
    impor = ImporRad.objects.create(nama_berkas="x.xlsx", diunggah_oleh=admin_user, status=ImporRad.Status.SELESAI)
    assert impor_rad_import(impor_id=impor.pk) == ImporRad.Status.SELESAI
    assert impor_rad_import(impor_id=424242) == ""


@pytest.mark.django_db
def test_a_step_left_half_done_by_a_dead_worker_runs_again_when_its_message_is_redelivered(admin_user):
    impor = ImporRad.objects.create(
        nama_berkas="x.xlsx", diunggah_oleh=admin_user, status=ImporRad.Status.DIPROSES, berkas="impor-rad/hilang.xlsx"
    )
    assert impor_rad_import(impor_id=impor.pk) == ImporRad.Status.DIPROSES
    assert impor_rad_import(impor_id=impor.pk, ulang=True) == ImporRad.Status.SELESAI
    impor.refresh_from_db()
    assert "sudah tidak tersedia" in impor.hasil["errors"][0]["pesan"]
