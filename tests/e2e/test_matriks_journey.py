"""Matriks RAD in Chromium: one card per action on a phone, a sideways-scrolling table on a desktop, the .xlsx."""

import io
from pathlib import Path

import openpyxl
import pytest

from gugus_tugas.models import OPD
from rad_kla.models import RencanaAksi

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_leader_reads_the_matrix_on_a_phone_and_downloads_it_on_a_desktop(demo, live_server, login, phone, desktop):
    dinkes = OPD.objects.get(singkatan="Dinkes")
    first = RencanaAksi.objects.filter(opd=dinkes, aktif=True).order_by(
        "indikator__klaster__urutan", "indikator__urutan", "kode"
    )[0]

    login(phone, "pimpinan.bappeda")
    phone.goto(f"{live_server.url}/rad/matriks/?dari=2025&sampai=2026")
    phone.select_option("select[name=opd]", str(dinkes.pk))
    phone.click("text=Saring")
    cards = phone.get_by_test_id("matriks-kartu").locator(".card")
    assert cards.first.is_visible()
    assert first.kode in cards.first.inner_text()
    assert not phone.get_by_test_id("matriks-tabel").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    login(desktop, "pimpinan.bappeda")
    desktop.goto(f"{live_server.url}/rad/matriks/?dari=2024&sampai=2026&opd={dinkes.pk}")
    table = desktop.get_by_test_id("matriks-tabel")
    assert table.is_visible()
    # The table scrolls inside its region; the page itself stays as wide as the window.
    assert table.evaluate("el => el.scrollWidth > el.clientWidth")
    assert desktop.evaluate("document.documentElement.scrollWidth") <= 1280
    with desktop.expect_download() as download:
        desktop.click("text=Unduh Excel")
    ws = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    kodes = [row[0] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert kodes[0] == first.kode
    assert set(kodes) == set(RencanaAksi.objects.filter(opd=dinkes, aktif=True).values_list("kode", flat=True))
