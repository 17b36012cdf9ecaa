"""Meetings in Chromium: the secretariat runs a meeting to its minutes PDF; the owner OPD closes the follow-up."""

import datetime
import re
import subprocess

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from gugus_tugas.models import Kehadiran, Rapat, TindakLanjut

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JUDUL = "FGD Jurnal Uji Perlindungan Anak"
URAIAN = "Kirim data imunisasi anak jurnaluji ke sekretariat"


def test_admin_runs_a_meeting_to_its_minutes_pdf_and_the_owner_opd_closes_the_follow_up(
    demo, live_server, login, desktop, phone, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    page = desktop

    # Schedule: jenis, title, time, place, host, invited organisations, ordered agenda.
    login(page, "admin.dp3ap2kb")
    page.goto(f"{live_server.url}/rapat/")
    page.click("text=Jadwalkan rapat baru")
    page.select_option("select[name=jenis]", "fgd")
    page.fill("input[name=judul]", JUDUL)
    page.fill("input[name=mulai]", f"{today.isoformat()}T09:00")
    page.fill("input[name=selesai]", f"{today.isoformat()}T12:00")
    page.fill("input[name=tempat]", "Aula DP3AP2KB Kota Metro")
    page.select_option("select[name=penyelenggara]", label="DP3AP2KB")
    page.fill("textarea[name=agenda]", "Pembukaan\nPaparan data imunisasi\nPembagian tugas")
    for label in ["Bappeda", "Dinkes"]:
        page.locator("[data-daftar-centang]").get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_selector("text=Rapat disimpan sebagai draf.")
    rapat = Rapat.objects.get(judul=JUDUL)
    assert [a.uraian for a in rapat.agenda.all()] == ["Pembukaan", "Paparan data imunisasi", "Pembagian tugas"]

    undangan = page.locator("form[action$='/undangan/']")
    undangan.locator("select[name=opd]").select_option(label="Dinkes")
    undangan.locator("input[name=nama]").fill("dr. Ratna Dewi")
    undangan.get_by_role("button", name="Undang").click()
    page.wait_for_selector("text=Undangan ditambahkan.")
    page.get_by_role("button", name="Jadwalkan").click()
    page.wait_for_selector("[data-testid=status-rapat] >> text=Terjadwal")

    # Attendance: rows follow the organisation name (Badan Perencanaan…, Dinas Kesehatan, its named person).
    rows = page.locator("[data-testid=isian-kehadiran] [data-baris-kehadiran]")
    assert rows.count() == 3
    rows.nth(0).locator("select").select_option("hadir")
    rows.nth(1).locator("select").select_option("diwakili")
    rows.nth(1).locator("input[name$=nama_hadir]").fill("Kepala Seksi Imunisasi")
    rows.nth(2).locator("select").select_option("tidak_hadir")
    page.get_by_role("button", name="Simpan kehadiran").click()
    page.wait_for_selector("text=Kehadiran 3 peserta dicatat.")
    assert Kehadiran.objects.filter(undangan__rapat=rapat, status="diwakili").count() == 1

    page.fill("textarea[name=notulen]", "Cakupan imunisasi dasar lengkap dibahas per kelurahan.")
    page.get_by_role("button", name="Simpan notulen").click()
    page.wait_for_selector("text=Notulen disimpan.")

    keputusan = page.locator("form[action$='/keputusan/']")
    keputusan.locator("textarea[name=uraian]").fill("Data imunisasi dipakai untuk profil anak tahun ini.")
    keputusan.get_by_role("button", name="Tambah keputusan").click()
    page.wait_for_selector("text=Keputusan ditambahkan.")

    tindak_lanjut = page.locator("form[action$='/tindak-lanjut/']")
    tindak_lanjut.locator("textarea[name=uraian]").fill(URAIAN)
    tindak_lanjut.locator("select[name=opd]").select_option(label="Dinkes")
    tindak_lanjut.locator("input[name=batas_waktu]").fill((today + datetime.timedelta(days=14)).isoformat())
    tindak_lanjut.get_by_role("button", name="Tambah tindak lanjut").click()
    page.wait_for_selector("text=Tindak lanjut ditambahkan.")

    # Closing asks for confirmation, then locks the minutes.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Tutup rapat").click()
    page.wait_for_selector("text=Rapat ditutup; notulen kini terkunci.")
    assert page.locator("textarea[name=notulen]").count() == 0
    assert Rapat.objects.get(pk=rapat.pk).status == Rapat.Status.SELESAI

    with page.expect_download() as download:
        page.click("text=Notulen (PDF)")
    pdf_path = tmp_path / "notulen.pdf"
    download.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    pdftotext = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, check=True, text=True)
    text = " ".join(pdftotext.stdout.split())
    with translation.override("id"):
        tanggal = date_format(today, "DATE_FORMAT")
    for expected in [JUDUL, tanggal, "Paparan data imunisasi", "Kepala Seksi Imunisasi", "Cakupan imunisasi", URAIAN]:
        assert expected in text

    # The owner OPD's operator, on a phone, reports the follow-up done with a note and evidence.
    login(phone, "opd.dinkes")
    phone.goto(f"{live_server.url}/tindak-lanjut/saya/")
    phone.fill("input[name=q]", "jurnaluji")
    phone.get_by_role("button", name="Tampilkan").click()
    phone.get_by_role("link", name=URAIAN).click()
    # Measured once the follow-up page has loaded, not while the list is being left.
    phone.wait_for_url(re.compile(r".*/tindak-lanjut/\d+/$"))
    phone.wait_for_selector("select[name=status]")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.select_option("select[name=status]", "selesai")
    phone.fill("textarea[name=catatan]", "Data dikirim lewat surat resmi.")
    evidence = tmp_path / "surat-pengantar.pdf"
    evidence.write_bytes(PDF)
    phone.set_input_files("input[name=berkas]", str(evidence))
    phone.get_by_role("button", name="Simpan", exact=True).click()
    phone.wait_for_selector("text=Status tindak lanjut diperbarui.")
    assert "surat-pengantar.pdf" in phone.content()
    item = TindakLanjut.objects.get(rapat=rapat)
    assert item.status == TindakLanjut.Status.SELESAI
    assert item.diperbarui_oleh.username == "opd.dinkes"
    assert item.bukti.count() == 1

    # The secretariat sees the result and, in the audit trail, who did what.
    page.reload()
    assert page.locator("[data-testid=tabel-tindak-lanjut] tr", has_text=URAIAN).locator("text=Selesai").count() == 1
    page.click("#riwayat summary")
    riwayat = page.locator("[data-testid=riwayat-rapat]")
    assert riwayat.locator("tr", has_text="Andi Pratama").filter(has_text="Status: Belum → Selesai").count() == 1
    assert riwayat.locator("text=Status: Terjadwal → Selesai").count() == 1


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
