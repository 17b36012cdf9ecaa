"""An OPD operator closes a follow-up on a phone; the secretariat reads a meeting on a desktop."""

import pytest

from gugus_tugas.models import TindakLanjut

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_operator_updates_an_overdue_follow_up_on_a_phone(demo, live_server, login, phone):
    login(phone, "opd.dinkes")
    phone.goto(f"{live_server.url}/tindak-lanjut/saya/")
    overdue = phone.locator("tr[data-terlambat='1']")
    assert overdue.count() >= 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    overdue.first.locator("a").first.click()
    phone.wait_for_selector("[data-testid=peringatan-terlambat]")
    pk = int(phone.url.rstrip("/").rsplit("/", 1)[1])
    phone.select_option("select[name=status]", "selesai")
    phone.fill("textarea[name=catatan]", "Selesai dikerjakan, dokumen sudah dikirim.")
    phone.click("button:has-text('Simpan')")
    phone.wait_for_selector("text=Status tindak lanjut diperbarui.")
    item = TindakLanjut.objects.get(pk=pk)
    assert item.status == TindakLanjut.Status.SELESAI
    assert item.diperbarui_oleh.username == "opd.dinkes"


def test_the_secretariat_reads_a_meeting_and_its_documents(demo, live_server, login, desktop):
    login(desktop, "admin.dp3ap2kb")
    desktop.goto(f"{live_server.url}/rapat/")
    desktop.click("text=FGD Sinergitas Kejaksaan Negeri Metro")
    assert "Sessat Agung Bumi Sai Wawai" in desktop.content()
    assert "11 Desember 2025" in desktop.content()
    with desktop.expect_download() as download:
        desktop.click("text=Notulen (PDF)")
    assert download.value.suggested_filename.endswith("20251211.pdf")
