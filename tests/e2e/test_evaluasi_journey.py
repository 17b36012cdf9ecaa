"""The leaders' part in Chromium: the admin's annual evaluation report through a real worker; Pimpinan's dashboard."""

import subprocess

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils.formats import number_format

from evaluasi.models import LaporanJob
from evaluasi.selectors import penilaian_ringkasan
from kasus.models import Kasus
from kla_metro.celery import app

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TAHUN = 2025


def skor(value) -> str:
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def test_admin_requests_the_annual_evaluation_report_watches_it_and_reads_the_first_page(
    demo, live_server, login, desktop, tmp_path
):
    page = desktop
    login(page, "admin.dp3ap2kb")
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=10):
        page.click("[data-testid=nav-utama] >> text=Laporan")
        form = page.locator("[data-testid=form-evaluasi]")
        form.locator("input[name=tahun]").fill(str(TAHUN))
        form.locator("button").click()
        page.wait_for_selector("text=Permintaan laporan diterima")
        job = LaporanJob.objects.get(jenis="evaluasi", diminta_oleh__username="admin.dp3ap2kb")
        status = page.locator(f"[data-testid=status-{job.pk}]")
        # Progress is visible while the worker renders; htmx polling turns it into a download link.
        assert status.inner_text().strip().startswith(("Dalam antrean", "Sedang diproses", "Selesai"))
        download_link = page.locator(f"[data-testid=status-{job.pk}] a", has_text="Unduh")
        download_link.wait_for(timeout=60_000)
        assert "Selesai" in status.inner_text()
        with page.expect_download() as info:
            download_link.click()
        path = tmp_path / "laporan.pdf"
        info.value.save_as(path)

    first_page = subprocess.run(
        ["pdftotext", "-l", "1", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    ringkasan = penilaian_ringkasan(tahun=TAHUN)
    assert ringkasan.predikat is not None and ringkasan.target.nama == "Utama"
    assert f"{skor(ringkasan.skor_total)} dari 1.000" in first_page
    assert ringkasan.predikat.nama in first_page
    assert "Kurang menuju Utama" in first_page and f"{skor(ringkasan.kurang)} poin" in first_page


def test_pimpinan_sees_the_dashboard_and_cannot_open_any_case(demo, live_server, login, phone):
    login(phone, "pimpinan.bappeda")
    ringkasan = phone.locator("[data-testid=menuju-target]")
    assert ringkasan.is_visible()
    assert phone.locator("[data-testid=skor-total]").inner_text().strip()
    assert phone.locator("[data-testid=poin-kurang]").inner_text().strip()
    assert phone.locator("[data-testid=tren-kasus]").count() == 1
    assert phone.locator("[data-testid=ke-kasus]").count() == 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    kasus = Kasus.objects.order_by("pk").first()
    assert kasus is not None
    assert phone.goto(f"{live_server.url}/kasus/").status == 403
    response = phone.goto(f"{live_server.url}/kasus/{kasus.pk}/")
    assert response.status == 403
    assert kasus.nomor_registrasi not in phone.content()
