"""The leaders' part in Chromium: the admin's annual evaluation report through a real worker; Pimpinan's dashboard."""

import subprocess
import zipfile

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils.formats import number_format

from evaluasi.models import LaporanJob
from evaluasi.selectors import penilaian_ringkasan_get
from kasus.models import Kasus
from kla_metro.celery import app

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TAHUN = 2025


def pdf_text(path, *options: str) -> str:
    command = ["pdftotext", *options, "-layout", str(path), "-"]
    return subprocess.run(command, capture_output=True, check=True, text=True).stdout


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

    first_page = pdf_text(path, "-l", "1")
    ringkasan = penilaian_ringkasan_get(tahun=TAHUN)
    assert ringkasan.predikat is not None and ringkasan.target.nama == "Utama"
    assert f"{skor(ringkasan.skor_total)} dari 1.000" in first_page
    assert ringkasan.predikat.nama in first_page
    assert "Kurang menuju Utama" in first_page and f"{skor(ringkasan.kurang)} poin" in first_page


def test_admin_requests_the_other_report_kinds_and_downloads_each(demo, live_server, login, desktop, tmp_path):
    page = desktop
    login(page, "admin.dp3ap2kb")
    page.goto(f"{live_server.url}/laporan/")
    rad = page.locator("[data-testid=form-rad]")
    rad.locator("input[name=tahun]").fill(str(TAHUN))
    rad.locator("select[name=periode]").select_option(label=f"Triwulan II {TAHUN}")
    rad.locator("button").click()
    page.wait_for_selector("text=Permintaan laporan diterima")
    for jenis in ("kasus", "paket_bukti"):
        form = page.locator(f"[data-testid=form-{jenis}]")
        form.locator("input[name=tahun]").fill(str(TAHUN))
        form.locator("button").click()
        page.wait_for_selector("text=Permintaan laporan diterima")
    jobs = {job.jenis: job for job in LaporanJob.objects.filter(diminta_oleh__username="admin.dp3ap2kb")}
    assert set(jobs) == {"rad", "kasus", "paket_bukti"}
    files = {}
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=10):
        for jenis, job in jobs.items():
            link = page.locator(f"[data-testid=status-{job.pk}] a", has_text="Unduh")
            link.wait_for(timeout=60_000)
            with page.expect_download() as info:
                link.click()
            files[jenis] = tmp_path / info.value.suggested_filename
            info.value.save_as(files[jenis])

    rad_text = pdf_text(files["rad"])
    assert f"Triwulan II {TAHUN}" in rad_text and "Kelengkapan pelaporan per OPD" in rad_text
    assert "Statistik Kasus" in pdf_text(files["kasus"])
    with zipfile.ZipFile(files["paket_bukti"]) as archive:
        names = archive.namelist()
    assert "index.xlsx" in names and any(name.startswith("4-") for name in names)


def test_pimpinan_sees_the_dashboard_and_cannot_open_any_case(demo, live_server, login, phone):
    login(phone, "pimpinan.bappeda")
    ringkasan = phone.locator("[data-testid=menuju-target]")
    assert ringkasan.is_visible()
    assert phone.locator("[data-testid=skor-total]").inner_text().strip()
    assert phone.locator("[data-testid=poin-kurang]").inner_text().strip()
    assert phone.locator("[data-testid=tren-kasus]").count() == 1
    assert phone.locator("[data-testid=ke-kasus]").count() == 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    # The charts keep a readable height on the phone (the predikat scale once shrank to a 2 px strip).
    for chart, tallest in (("grafik-skala", 150), ("grafik-rad", 150)):
        box = phone.locator(f"[data-testid={chart}] canvas").bounding_box()
        assert box["height"] >= tallest and box["width"] <= 375
    # Its tables read as cards: no figure is cut at the right edge ("100%" read as "10" before).
    for table in ("tabel-selisih", "tabel-rad-klaster", "tabel-kelengkapan"):
        locator = phone.get_by_test_id(table)
        if not locator.count():
            continue
        assert not locator.locator("thead").is_visible(), table
        rights = locator.evaluate("(t) => [...t.querySelectorAll('td')].map((td) => td.getBoundingClientRect().right)")
        assert rights and max(rights) <= 375, table
    kasus = Kasus.objects.order_by("pk").first()
    assert kasus is not None
    assert phone.goto(f"{live_server.url}/kasus/").status == 403
    response = phone.goto(f"{live_server.url}/kasus/{kasus.pk}/")
    assert response.status == 403
    assert kasus.nomor_registrasi not in phone.content()
