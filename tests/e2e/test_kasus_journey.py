"""A case worker registers a case, reveals the identity with a reason, and Pimpinan reads the statistics."""

import pytest

from kasus.models import AksesLog, Kasus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_case_worker_registers_a_case_and_reveals_the_identity_with_a_reason(demo, live_server, login, desktop):
    page = desktop
    login(page, "petugas.uptdppa")
    page.click("[data-testid=nav-utama] >> text=Kasus")
    page.click("text=Catat kasus baru")
    page.fill("input[name=tanggal_lapor]", "2025-03-10")
    page.fill("input[name=tanggal_kejadian]", "2025-03-12")
    page.select_option("select[name=saluran]", "sapa_129")
    page.select_option("select[name=kelurahan]", label="Yosomulyo (Metro Pusat)")
    page.select_option("select[name=tempat_kejadian]", "rumah_tangga")
    page.check("input[name=jenis_kekerasan][value=fisik]")
    page.fill("input[name=korban-0-nama]", "Anak Jurnal Fiktif")
    page.fill("input[name=korban-0-nik]", "0000111122223333")
    page.select_option("select[name=korban-0-jenis_kelamin]", "P")
    page.fill("input[name=korban-0-tanggal_lahir]", "2015-01-20")
    page.click("button:has-text('Simpan')")
    # Incident after the report: refused, nothing typed is lost.
    assert "Tanggal kejadian tidak boleh sesudah tanggal lapor." in page.content()
    assert page.input_value("input[name=korban-0-nama]") == "Anak Jurnal Fiktif"
    page.fill("input[name=tanggal_kejadian]", "2025-03-08")
    # The form offers one victim block: "Tambah Korban" adds the second in place.
    assert page.locator("input[name=korban-1-nama]").count() == 0
    page.click("[data-testid=tambah-korban]")
    page.fill("input[name=korban-1-nama]", "Adik Jurnal Fiktif")
    page.select_option("select[name=korban-1-jenis_kelamin]", "L")
    page.fill("input[name=korban-1-tanggal_lahir]", "2018-06-02")
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("text=tercatat")
    kasus = Kasus.objects.order_by("-dibuat_pada").first()
    assert kasus.nomor_registrasi.startswith("KASUS/2025/")
    assert kasus.korban.count() == 2
    assert "Anak Jurnal Fiktif" not in page.content()
    page.click("[data-testid=tampilkan-identitas]")
    page.select_option("select[name=jenis_alasan]", "pendampingan")
    page.fill("textarea[name=alasan]", "Pendampingan visum ke RSUD.")
    page.click("button:has-text('Catat alasan dan tampilkan')")
    page.wait_for_selector("[data-testid=identitas-terbuka]")
    assert "Anak Jurnal Fiktif" in page.content()
    assert AksesLog.objects.filter(kasus=kasus, aksi="tampilkan_identitas").exists()
    page.click("[data-testid=sembunyikan-identitas]")
    page.wait_for_selector("text=Identitas disembunyikan kembali.")
    assert "Anak Jurnal Fiktif" not in page.content()
    assert AksesLog.objects.filter(kasus=kasus, aksi="sembunyikan_identitas").exists()


def test_pimpinan_reads_only_the_statistics(demo, live_server, login, phone):
    login(phone, "pimpinan.bappeda")
    phone.goto(f"{live_server.url}/kasus/statistik/")
    assert "Statistik kasus kekerasan" in phone.content()
    assert "indikator 21" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert phone.goto(f"{live_server.url}/kasus/").status == 403
