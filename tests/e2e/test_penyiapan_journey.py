"""An empty install in the browser: first-run page, second login factor, wilayah and OPD sheets, the dashboard."""

import io

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from gugus_tugas.models import OPD, User, Wilayah
from tests.gugus_tugas.lembar_daerah import OPD_HEADER, WILAYAH_HEADER, merangin_rows, opd_rows, xlsx_bytes

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
