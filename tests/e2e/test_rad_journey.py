"""RAD journeys in Chromium: an operator reports on a phone; the coordinator returns, then verifies."""

import datetime
from decimal import Decimal

import pytest

from gugus_tugas.models import OPD
from klaster.models import Indikator
from rad_kla.models import PeriodePelaporan, Realisasi, RencanaAksi
from rad_kla.services import RencanaAksiRow, rencana_aksi_import

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def aksi(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    indikator = Indikator.objects.get(kode="14")
    row = RencanaAksiRow(
        baris=1,
        kode="E2E-III-14-001",
        indikator=indikator,
        opd=OPD.objects.get(singkatan="Dinkes"),
        uraian="Pendampingan Puskesmas menuju Puskesmas Ramah Anak",
        indikator_keluaran="Puskesmas Ramah Anak terbina (uji)",
        satuan="puskesmas",
        arah=indikator.arah,
        fields={},
        opd_terkait=set(),
        targets={2026: (Decimal("6"), 150_000_000)},
    )
    rencana_aksi_import(rows=[row], by=None, alasan="Uji perjalanan RAD")
    rencana = RencanaAksi.objects.get(kode=row.kode)
    # The demo data already holds this period; the journey needs it open whatever the demo says.
    periode, _ = PeriodePelaporan.objects.update_or_create(
        tahun=2026,
        jenis=PeriodePelaporan.Jenis.TRIWULAN,
        nomor=4,
        defaults={
            "mulai": datetime.date(2026, 10, 1),
            "selesai": datetime.date(2026, 12, 31),
            "batas_lapor": datetime.date(2027, 1, 15),
            "terbuka": True,
        },
    )
    return rencana, periode


def report(page, live_server, tmp_path, *, nilai: str, narasi: str) -> None:
    """Fill the realisation form the page is on and submit it."""
    page.fill("input[name=nilai_capaian]", nilai)
    page.fill("input[name=realisasi_anggaran]", "40000000")
    page.fill("textarea[name=narasi]", narasi)
    evidence = tmp_path / "daftar-hadir.pdf"
    evidence.write_bytes(PDF)
    page.set_input_files("input[name=berkas]", str(evidence))
    page.click("button[name=ajukan]")
    page.wait_for_url(f"{live_server.url}/rad/realisasi/*/")


def test_operator_reports_on_a_phone_and_coordinator_returns_then_verifies(
    aksi, live_server, login, phone, desktop, tmp_path
):
    rencana, periode = aksi

    login(phone, "opd.dinkes")
    phone.goto(f"{live_server.url}/rad/saya/")
    card = phone.locator(".card", has_text="E2E-III-14-001")
    card.get_by_role("link", name=f"Isi realisasi {periode.label}").click()
    phone.fill("input[name=nilai_capaian]", "2")
    phone.fill("input[name=realisasi_anggaran]", "40000000")
    phone.fill("textarea[name=narasi]", "Pendampingan di 2 puskesmas.")
    evidence = tmp_path / "foto-kegiatan.pdf"
    evidence.write_bytes(PDF)
    phone.set_input_files("input[name=berkas]", str(evidence))
    phone.click("button[name=ajukan]")
    phone.wait_for_url(f"{live_server.url}/rad/realisasi/*/")
    assert "Realisasi diajukan untuk diverifikasi." in phone.content()
    assert "foto-kegiatan.pdf" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    login(desktop, "koordinator.klaster3")
    desktop.goto(f"{live_server.url}/rad/verifikasi/")
    desktop.get_by_role("link", name="E2E-III-14-001").click()
    desktop.fill("textarea[name=catatan]", "Lampirkan daftar hadir kegiatan.")
    desktop.click("button[value=kembalikan]")
    desktop.wait_for_url(f"{live_server.url}/rad/verifikasi/")
    assert Realisasi.objects.get(rencana_aksi=rencana).status == Realisasi.Status.DIKEMBALIKAN

    phone.goto(f"{live_server.url}/rad/saya/")
    returned = phone.get_by_test_id("dikembalikan")
    assert "Lampirkan daftar hadir kegiatan." in returned.inner_text()
    returned.get_by_role("link", name=f"Perbaiki E2E-III-14-001 {periode.label}").click()
    phone.wait_for_url(f"{live_server.url}/rad/aksi/{rencana.pk}/realisasi/{periode.pk}/")
    assert "Lampirkan daftar hadir kegiatan." in phone.content()
    report(phone, live_server, tmp_path, nilai="3", narasi="Pendampingan di 3 puskesmas, daftar hadir.")
    assert Realisasi.objects.get(rencana_aksi=rencana).status == Realisasi.Status.DIAJUKAN

    desktop.goto(f"{live_server.url}/rad/verifikasi/")
    desktop.get_by_role("link", name="E2E-III-14-001").click()
    assert "daftar-hadir.pdf" in desktop.content()
    desktop.click("button[value=verifikasi]")
    desktop.wait_for_url(f"{live_server.url}/rad/verifikasi/")
    assert "Realisasi diverifikasi dan kini terkunci." in desktop.content()

    realisasi = Realisasi.objects.get(rencana_aksi=rencana)
    assert realisasi.status == Realisasi.Status.DIVERIFIKASI
    phone.goto(f"{live_server.url}/rad/realisasi/{realisasi.pk}/")
    assert phone.locator("text=Ubah atau ajukan realisasi").count() == 0
    phone.goto(f"{live_server.url}/rad/aksi/{rencana.pk}/realisasi/{periode.pk}/")
    assert "tidak dapat diubah" in phone.content()
    assert Realisasi.objects.get(rencana_aksi=rencana).nilai_capaian == Decimal("3")
