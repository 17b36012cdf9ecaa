"""A RAD export past RAD_EKSPOR_MAKS_BARIS actions is built by the worker and downloaded by the reader who asked."""

import datetime
import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from gugus_tugas.models import Peran
from gugus_tugas.services import roles_setup
from kla_metro.celery import app
from klaster.services import kerangka_seed
from rad_kla import services
from rad_kla.excel_views import XLSX_CONTENT_TYPE
from rad_kla.models import EksporRad
from rad_kla.services import ekspor_rad_delete, ekspor_rad_export
from tests.gugus_tugas.factories import OPDFactory, UserFactory
from tests.rad_kla.excel_utils import read
from tests.rad_kla.factories import RencanaAksiFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.RAD_EKSPOR_MAKS_BARIS = 3


@pytest.fixture
def worker(monkeypatch, django_capture_on_commit_callbacks):
    """Builds each queued export when its request commits, as the worker would (the real one is tested below)."""
    monkeypatch.setattr(services, "_ekspor_rad_enqueue", lambda ekspor_id: ekspor_rad_export(ekspor_id=ekspor_id))

    def get(client, url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.get(url, data or {})

    return get


def actions(n: int, **kwargs):
    return [RencanaAksiFactory(kode=f"E-{i:03d}", **kwargs) for i in range(n)]


@pytest.mark.django_db
def test_a_small_export_is_still_answered_in_the_request(client, pimpinan):
    actions(3)
    client.force_login(pimpinan)
    response = client.get("/rad/ekspor/")
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert EksporRad.objects.count() == 0


@pytest.mark.django_db
def test_a_large_export_is_queued_and_the_page_polls_it(client, pimpinan):
    actions(4)
    client.force_login(pimpinan)
    response = client.get("/rad/ekspor/", {"tahun": "2025"})
    ekspor = EksporRad.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rad/ekspor/{ekspor.pk}/"
    assert (ekspor.diminta_oleh, ekspor.tahun, ekspor.jumlah_baris) == (pimpinan, 2025, 4)
    html = client.get(response["Location"]).content.decode()
    assert f'hx-get="/rad/ekspor/{ekspor.pk}/status/"' in html and "4 rencana aksi" in html
    assert client.get(f"/rad/ekspor/{ekspor.pk}/unduh/").status_code == 404


@pytest.mark.django_db
def test_the_built_file_has_the_filtered_rows_and_only_its_reader_downloads_it(client, pimpinan, worker):
    dinsos = OPDFactory(singkatan="Dinsos")
    actions(4, opd=dinsos)
    RencanaAksiFactory(kode="LAIN-1")
    client.force_login(pimpinan)
    worker(client, "/rad/ekspor/", {"opd": dinsos.pk, "tahun": "2025"})
    ekspor = EksporRad.objects.get()
    assert ekspor.status == EksporRad.Status.SELESAI
    assert 'data-testid="unduh-ekspor"' in client.get(f"/rad/ekspor/{ekspor.pk}/status/").content.decode()
    response = client.get(f"/rad/ekspor/{ekspor.pk}/unduh/")
    assert response["Content-Disposition"] == 'attachment; filename="rad-kla-2025.xlsx"'
    ws = read(b"".join(response.streaming_content))["RAD KLA"]
    assert [cell.value for cell in ws["A"]][1:] == ["E-000", "E-001", "E-002", "E-003"]

    client.force_login(UserFactory(username="pimpinan.lain", peran=Peran.PIMPINAN))
    for url in (f"/rad/ekspor/{ekspor.pk}/", f"/rad/ekspor/{ekspor.pk}/status/", f"/rad/ekspor/{ekspor.pk}/unduh/"):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_an_export_whose_opd_closed_since_the_request_fails_instead_of_exporting_everything(client, pimpinan):
    dinsos = OPDFactory(singkatan="Dinsos")
    actions(4, opd=dinsos)
    RencanaAksiFactory(kode="LAIN-1")
    ekspor = EksporRad.objects.create(diminta_oleh=pimpinan, tahun=2025, filter={"opd": dinsos.pk}, jumlah_baris=4)
    dinsos.aktif = False
    dinsos.save()
    assert ekspor_rad_export(ekspor_id=ekspor.pk) == EksporRad.Status.GAGAL
    ekspor.refresh_from_db()
    assert ekspor.keterangan == (
        "Filter ekspor tidak berlaku lagi: pilihan OPD tidak ada lagi. Minta ekspor baru dari daftar RAD."
    )
    assert not ekspor.berkas
    client.force_login(pimpinan)
    assert ekspor.keterangan in client.get(f"/rad/ekspor/{ekspor.pk}/status/").content.decode()


@pytest.mark.django_db
def test_an_export_names_every_filter_that_is_gone(pimpinan):
    actions(4)
    ekspor = EksporRad.objects.create(
        diminta_oleh=pimpinan, tahun=2025, filter={"klaster": 999_999, "q": "Posyandu", "indikator": 999_999}
    )
    assert ekspor_rad_export(ekspor_id=ekspor.pk) == EksporRad.Status.GAGAL
    ekspor.refresh_from_db()
    assert "pilihan Klaster, Indikator tidak ada lagi" in ekspor.keterangan


@pytest.mark.django_db
def test_case_workers_may_not_queue_an_export(client, petugas_kasus):
    actions(4)
    client.force_login(petugas_kasus)
    assert client.get("/rad/ekspor/").status_code == 403
    assert EksporRad.objects.count() == 0


@pytest.mark.django_db
def test_old_exports_are_removed_with_their_files(client, pimpinan, worker):
    actions(4)
    client.force_login(pimpinan)
    worker(client, "/rad/ekspor/")
    ekspor = EksporRad.objects.get()
    path = ekspor.berkas.path
    assert ekspor_rad_delete(lebih_lama_dari=datetime.timedelta(hours=24)) == 0
    EksporRad.objects.filter(pk=ekspor.pk).update(diminta_pada=timezone.now() - datetime.timedelta(days=2))
    assert ekspor_rad_delete(lebih_lama_dari=datetime.timedelta(hours=24)) == 1
    assert not EksporRad.objects.exists()
    assert not os.path.exists(path)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_export_is_built_by_a_real_worker(client):
    kerangka_seed()
    roles_setup()
    pimpinan = UserFactory(username="pimpinan.ekspor", peran=Peran.PIMPINAN)
    actions(5)
    client.force_login(pimpinan)
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=10):
        client.get("/rad/ekspor/")
        ekspor = EksporRad.objects.get()
        deadline = time.monotonic() + 60
        while ekspor.aktif and time.monotonic() < deadline:
            time.sleep(0.2)
            ekspor.refresh_from_db()
    assert ekspor.status == EksporRad.Status.SELESAI, ekspor.keterangan
    response = client.get(f"/rad/ekspor/{ekspor.pk}/unduh/")
    assert len(read(b"".join(response.streaming_content))["RAD KLA"]["A"]) == 6


@pytest.mark.django_db
def test_an_export_is_built_once_unless_its_worker_died(pimpinan):
    RencanaAksiFactory(kode="E-1")
    ekspor = EksporRad.objects.create(diminta_oleh=pimpinan, tahun=2025, status=EksporRad.Status.DIPROSES)
    assert ekspor_rad_export(ekspor_id=ekspor.pk) == EksporRad.Status.DIPROSES
    assert ekspor_rad_export(ekspor_id=ekspor.pk, ulang=True) == EksporRad.Status.SELESAI
    assert ekspor_rad_export(ekspor_id=ekspor.pk, ulang=True) == EksporRad.Status.SELESAI
    ekspor.refresh_from_db()
    assert len(read(ekspor.berkas.read())["RAD KLA"]["A"]) == 2
