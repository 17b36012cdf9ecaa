"""An empty install: / leads to the first-run page, which creates the region and its admin once, then closes."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from PIL import Image

from gugus_tugas import penyiapan
from gugus_tugas.models import OPD, AuditPengguna, Peran, ProfilDaerah, User, Wilayah
from tests.gugus_tugas.lembar_daerah import OPD_HEADER, WILAYAH_HEADER, merangin_rows, opd_rows, xlsx_bytes

pytestmark = pytest.mark.django_db

URL = "/penyiapan/"


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def _data(**extra) -> dict:
    return {
        "nama_daerah": "Merangin",
        "jenis": "kabupaten",
        "provinsi": "Jambi",
        "kode": "15.02",
        "tahun_rad_mulai": 2025,
        "tahun_rad_selesai": 2029,
        "admin_nama_lengkap": "Admin Sekretariat Merangin",
        "admin_username": "admin.merangin",
        "admin_email": "Admin@Merangin.example",
        "admin_password": "Tepian-Rantau-2026",
        "admin_password2": "Tepian-Rantau-2026",
        **extra,
    }


def test_a_fresh_install_sends_home_to_the_first_run_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == URL
    assert client.get(URL).status_code == 200
    # The login page itself stays as it is (outside scripts rely on its form).
    assert client.get("/accounts/login/").status_code == 200


def test_the_first_run_creates_the_region_and_its_admin_and_logs_in(client):
    response = client.post(URL, _data(logo=_png()))
    assert response.status_code == 302
    assert response["Location"] == "/penyiapan/wilayah/"
    profil = ProfilDaerah.objects.get()
    assert (profil.nama_lengkap, profil.provinsi, profil.kode) == ("Kabupaten Merangin", "Jambi", "15.02")
    assert list(profil.tahun_rad) == [2025, 2026, 2027, 2028, 2029]
    assert profil.logo.name.startswith("logo-daerah/")
    admin = User.objects.get()
    assert admin.peran == Peran.ADMIN_SEKRETARIAT and admin.email == "admin@merangin.example"
    assert admin.check_password("Tepian-Rantau-2026") and not admin.wajib_ganti_password
    assert admin.groups.filter(name="Admin Sekretariat").exists()
    assert AuditPengguna.objects.filter(pengguna=admin, atribut="peran", oleh__isnull=True).exists()
    assert profil.history.count() == 1
    # Logged in, and held at the second step the role requires before anything else.
    assert admin.wajib_2fa
    response = client.get("/penyiapan/wilayah/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/dua-langkah/daftar/?next=%2Fpenyiapan%2Fwilayah%2F")


def test_the_first_run_page_is_gone_once_a_region_exists(client):
    assert client.post(URL, _data()).status_code == 302
    other = Client()
    assert other.get(URL).status_code == 404
    assert other.post(URL, _data(admin_username="penyusup", admin_email="x@example.org")).status_code == 404
    assert other.get("/")["Location"].startswith("/accounts/login/")
    assert User.objects.count() == 1 and ProfilDaerah.objects.count() == 1


def test_an_install_with_an_account_but_no_region_has_no_first_run_page(client, admin_user):
    assert client.get(URL).status_code == 404
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_a_second_setup_racing_the_first_creates_nothing(monkeypatch):
    """Both saw an empty install; the profile table's one-row constraint refuses the second, admin and all."""
    ProfilDaerah.objects.create(
        nama_daerah="Metro",
        jenis="kota",
        provinsi="Lampung",
        kode="18.72",
        tahun_rad_mulai=2024,
        tahun_rad_selesai=2030,
    )
    monkeypatch.setattr(penyiapan, "instalasi_kosong_get", lambda: True)
    with pytest.raises((ValidationError, PermissionDenied), match=r"sudah (ada|disiapkan)"):
        penyiapan.profil_daerah_create(**{k: v for k, v in _data().items() if k != "admin_password2"})
    assert ProfilDaerah.objects.count() == 1 and not User.objects.exists()


def test_the_first_run_form_needs_csrf():
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, _data()).status_code == 403
    assert not ProfilDaerah.objects.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"logo": SimpleUploadedFile("logo.png", b"%PDF-1.4 bukan gambar")}, "Logo harus berupa gambar"),
        ({"kode": "15"}, "ditulis seperti 18.72"),
        ({"tahun_rad_selesai": 2020}, "tidak boleh sebelum"),
        ({"admin_password2": "lain"}, "Kedua kata sandi tidak sama"),
        ({"admin_password": "12345678", "admin_password2": "12345678"}, "terlalu umum"),
    ],
)
def test_a_bad_first_run_form_says_why_in_indonesian_and_creates_nothing(client, extra, message):
    response = client.post(URL, _data(**extra))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ProfilDaerah.objects.exists() and not User.objects.exists()


def _file(tmp_path, name, rows, header) -> str:
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(rows, header))
    return str(path)


def test_region_setup_does_the_same_from_the_shell_with_both_sheets(tmp_path, capsys):
    call_command(
        "region_setup",
        "--nama=Merangin",
        "--jenis=kabupaten",
        "--provinsi=Jambi",
        "--kode=15.02",
        "--tahun-mulai=2025",
        "--tahun-selesai=2029",
        "--admin-username=admin.merangin",
        "--admin-email=admin@merangin.example",
        "--admin-password=Tepian-Rantau-2026",
        "--no-input",
        f"--wilayah={_file(tmp_path, 'wilayah.xlsx', merangin_rows(), WILAYAH_HEADER)}",
        f"--opd={_file(tmp_path, 'opd.xlsx', opd_rows(), OPD_HEADER)}",
    )
    assert "Kabupaten Merangin disiapkan" in capsys.readouterr().out
    assert User.objects.get().peran == Peran.ADMIN_SEKRETARIAT
    assert Wilayah.objects.filter(jenis="desa").count() == 205
    assert OPD.objects.count() == 6
    with pytest.raises(CommandError, match="sudah disiapkan"):
        call_command("region_setup", "--nama=Lain", "--no-input")


def test_region_setup_with_a_bad_sheet_leaves_the_install_empty(tmp_path):
    rows = [*merangin_rows(), ["15.02.99.2001", "Desa Yatim", "Desa", ""]]
    with pytest.raises(CommandError, match="berisi kesalahan"):
        call_command(
            "region_setup",
            "--nama=Merangin",
            "--jenis=kabupaten",
            "--provinsi=Jambi",
            "--kode=15.02",
            "--tahun-mulai=2025",
            "--tahun-selesai=2029",
            "--admin-username=admin.merangin",
            "--admin-email=admin@merangin.example",
            "--admin-password=Tepian-Rantau-2026",
            "--no-input",
            f"--wilayah={_file(tmp_path, 'wilayah.xlsx', rows, WILAYAH_HEADER)}",
        )
    assert not ProfilDaerah.objects.exists() and not User.objects.exists() and not Wilayah.objects.exists()


def test_region_setup_on_an_existing_region_only_loads_the_sheets(tmp_path, admin_user, capsys):
    ProfilDaerah.objects.create(
        nama_daerah="Merangin", jenis="kabupaten", provinsi="Jambi", kode="15.02", tahun_rad_mulai=2025,
        tahun_rad_selesai=2029,
    )  # fmt: skip
    call_command("region_setup", f"--opd={_file(tmp_path, 'opd.xlsx', opd_rows(), OPD_HEADER)}")
    assert "OPD tersimpan: 6 baru, 0 diperbarui." in capsys.readouterr().out
    with pytest.raises(CommandError, match="Pakai --wilayah"):
        call_command("region_setup")
    assert ProfilDaerah.objects.count() == 1 and User.objects.count() == 1


def test_the_wilayah_and_opd_steps_can_be_skipped(client, admin_user):
    client.force_login(admin_user)
    step2 = client.get("/penyiapan/wilayah/").content.decode()
    assert 'aria-current="step">2. Wilayah' in step2
    assert 'href="/penyiapan/opd/" data-testid="lewati"' in step2
    step3 = client.get("/penyiapan/opd/").content.decode()
    assert 'href="/" data-testid="lewati"' in step3
