"""A region moves in through the browser: first-run page, second login factor, wilayah, OPD and user sheets,
its published RAD matrix with two unknown OPDs fixed from the preview, and an invited operator's first login."""

import io
import re

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import Workbook
from PIL import Image

from gugus_tugas.models import OPD, NamaLainOPD, User, Wilayah
from kla_metro.celery import app
from rad_kla.models import RencanaAksi
from tests.gugus_tugas.lembar_daerah import OPD_HEADER, WILAYAH_HEADER, merangin_rows, opd_rows, xlsx_bytes
from tests.rad_kla.terbit_utils import Bentuk, matriks

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def _upload(page, name: str, content: bytes) -> None:
    page.set_input_files("input[name=berkas]", {"name": name, "mimeType": XLSX, "buffer": content})
    page.click("button:has-text('Periksa berkas')")
    page.locator("[data-testid=impor-sah]").wait_for()
    page.click("button:has-text('Simpan semua')")


def _akun_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["No", "Nama", "Email", "Telepon", "OPD", "Peran", "Klaster"])
    ws.append([1, "Sari Operator", "sari@dinkes.example", "0812 1111 2222", "Dinkes", "Operator OPD", ""])
    ws.append([2, "Bima Bappeda", "bima@bappeda.example", "", "Bappeda", "Pimpinan", ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_an_empty_install_is_set_up_in_the_browser(live_server, desktop):
    page = desktop
    page.goto(f"{live_server.url}/")
    page.wait_for_url(f"{live_server.url}/penyiapan/")
    page.select_option("select[name=jenis]", "kabupaten")
    for name, value in {
        "nama_daerah": "Merangin",
        "provinsi": "Jambi",
        "kode": "15.02",
        "tahun_rad_mulai": "2025",
        "tahun_rad_selesai": "2029",
        "admin_nama_lengkap": "Admin Merangin",
        "admin_username": "admin.merangin",
        "admin_email": "admin@merangin.example",
        "admin_password": "Tepian-Rantau-2026",
        "admin_password2": "Tepian-Rantau-2026",
    }.items():
        page.fill(f"input[name={name}]", value)
    page.set_input_files("input[name=logo]", {"name": "logo.png", "mimeType": "image/png", "buffer": _png()})
    page.click("button:has-text('Simpan dan masuk')")

    # The Admin Sekretariat role enrols its second factor before the next step.
    page.wait_for_url("**/accounts/dua-langkah/daftar/**")
    device = TOTPDevice.objects.get(user__username="admin.merangin", confirmed=False)
    page.fill("input[name=token]", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.click("button:has-text('Aktifkan')")
    page.click("text=Saya sudah menyimpannya, lanjutkan")

    page.wait_for_url(f"{live_server.url}/penyiapan/wilayah/")
    assert "2. Wilayah" in page.locator("[aria-current=step]").inner_text()
    _upload(page, "wilayah.xlsx", xlsx_bytes(merangin_rows(), WILAYAH_HEADER))
    page.wait_for_url(f"{live_server.url}/penyiapan/opd/")
    assert "239 baru" in page.content()
    _upload(page, "opd.xlsx", xlsx_bytes(opd_rows(), OPD_HEADER))

    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text().startswith("Selamat datang")
    assert User.objects.get().username == "admin.merangin"
    assert Wilayah.objects.filter(jenis="kelurahan").count() == 10
    assert OPD.objects.count() == 6
    assert page.goto(f"{live_server.url}/penyiapan/").status == 404

    # The people: a sheet of accounts, each invited by e-mail.
    page.goto(f"{live_server.url}/gugus-tugas/pengguna/unggah/")
    page.set_input_files("input[name=berkas]", {"name": "akun.xlsx", "mimeType": XLSX, "buffer": _akun_xlsx()})
    page.click("button:has-text('Periksa berkas')")
    page.click("button:has-text('Buat semua akun dan kirim undangan')")
    page.wait_for_url(f"{live_server.url}/gugus-tugas/pengguna/")
    assert User.objects.get(email="sari@dinkes.example").opd.singkatan == "Dinkes"

    # The RAD matrix as the region published it: "Dinas PPPAPPKB" is another name of the DPPPAPPKB,
    # "Disdikbud" (an OPD pendukung) is not in the OPD sheet yet.
    berkas, isi = matriks(Bentuk(lokasi=["Kecamatan Uji 1", "Kecamatan Uji 2"], program_per_indikator=2))
    # The worker reads the file and saves the import, as in production.
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=10):
        page.goto(f"{live_server.url}/rad/impor/")
        page.set_input_files(
            "input[name=berkas]", {"name": "lampiran-perbup.xlsx", "mimeType": XLSX, "buffer": berkas.getvalue()}
        )
        page.click("button:has-text('Periksa berkas')")
        unknown = page.locator("[data-testid=opd-tak-dikenal]")
        unknown.wait_for()
        row = unknown.locator("tr", has_text="Dinas PPPAPPKB")
        row.locator("select").select_option(value=str(OPD.objects.get(singkatan="DPPPAPPKB").pk))
        row.locator("button:has-text('Jadikan alias')").click()
        page.locator("[data-testid=opd-tak-dikenal] tr", has_text="Disdikbud").locator("text=Buat OPD baru").click()
        page.wait_for_url("**/data-master/opd/baru/**")
        assert page.input_value("input[name=nama]") == "Disdikbud"
        page.fill("input[name=nama]", "Dinas Pendidikan dan Kebudayaan")
        page.fill("input[name=singkatan]", "Disdikbud")
        page.click("button:has-text('Simpan')")
        page.wait_for_url("**/rad/impor/**")
        page.locator("[data-testid=periksa-ulang-saja]").click()
        page.locator("[data-testid=konfirmasi-impor]").click()
        page.locator("[data-testid=impor-selesai]").wait_for()
        assert RencanaAksi.objects.count() == isi["aksi"]
        assert NamaLainOPD.objects.filter(nama="Dinas PPPAPPKB", opd__singkatan="DPPPAPPKB").exists()

    # The invited operator sets a password from the e-mail link and finds the OPD's actions on "RAD saya".
    page.context.clear_cookies()
    undangan = next(m for m in mail.outbox if "sari@dinkes.example" in m.to)
    link = re.search(r"https?://[^/]+(/accounts/undangan/\S+/)", undangan.body).group(1)
    page.goto(f"{live_server.url}{link}")
    page.fill("input[name=new_password1]", "Sungai-Merangin-77")
    page.fill("input[name=new_password2]", "Sungai-Merangin-77")
    page.click("button:has-text('Simpan kata sandi')")
    page.wait_for_url("**/accounts/login/**")
    page.fill("input[name=username]", User.objects.get(email="sari@dinkes.example").username)
    page.fill("input[name=password]", "Sungai-Merangin-77")
    page.click("button:has-text('Masuk')")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/rad/saya/")
    dinkes = RencanaAksi.objects.filter(opd__singkatan="Dinkes")
    assert dinkes.exists()
    assert page.locator("body").inner_text().count(dinkes.first().kode) >= 1
