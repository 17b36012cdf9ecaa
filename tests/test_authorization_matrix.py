"""Every URL of the project × every role (and anonymous) → the expected outcome.

The URL list is generated from the URL conf, so a new page without a row here fails the test:
add it to ACCESS with the roles allowed to open it.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from gugus_tugas.models import Peran

pytestmark = pytest.mark.django_db

ADMIN = Peran.ADMIN_SEKRETARIAT
PIMPINAN = Peran.PIMPINAN
KOORDINATOR = Peran.KOORDINATOR_KLASTER
OPERATOR = Peran.OPERATOR_OPD
PETUGAS = Peran.PETUGAS_KASUS
NONE = ""
EVERYONE = {ADMIN, PIMPINAN, KOORDINATOR, OPERATOR, PETUGAS, NONE}
WITH_ROLE = EVERYONE - {NONE}
PELAKSANA = {ADMIN, PIMPINAN, KOORDINATOR, OPERATOR}

# URL name -> roles that pass the page permission. POST-only views answer 405 to a GET from
# anyone logged in; object pages are requested with an id that does not exist (404 when allowed).
ACCESS = {
    "beranda": EVERYONE,
    "password_change": EVERYONE,
    "password_change_done": EVERYONE,
    "notifikasi:index": EVERYONE,
    "notifikasi:buka": EVERYONE,
    "notifikasi:baca_semua": EVERYONE,
    "notifikasi:pengaturan": EVERYONE,
    "klaster:index": WITH_ROLE,
    "klaster:indikator_detail": WITH_ROLE,
    "klaster:bobot_impor": {ADMIN},
    "klaster:bobot_simpan": {ADMIN},
    "klaster:bobot_templat": {ADMIN},
    "gugus_tugas:index": WITH_ROLE,
    "gugus_tugas:pengguna": {ADMIN},
    "gugus_tugas:pengguna_riwayat": {ADMIN},
    "gugus_tugas:pengguna_tambah": {ADMIN},
    "gugus_tugas:pengguna_ubah": {ADMIN},
    "gugus_tugas:pengguna_aktif": {ADMIN},
    "gugus_tugas:pengguna_undangan": {ADMIN},
    "gugus_tugas:pengguna_dua_langkah_hapus": {ADMIN},
    "gugus_tugas:pengguna_impor": {ADMIN},
    "gugus_tugas:pengguna_impor_simpan": {ADMIN},
    "gugus_tugas:opd": {ADMIN},
    "gugus_tugas:opd_petugas_data": {ADMIN},
    "gugus_tugas:master": {ADMIN},
    "gugus_tugas:master_opd": {ADMIN},
    "gugus_tugas:master_opd_tambah": {ADMIN},
    "gugus_tugas:master_opd_ubah": {ADMIN},
    "gugus_tugas:master_opd_aktif": {ADMIN},
    "gugus_tugas:master_wilayah": {ADMIN},
    "gugus_tugas:master_wilayah_tambah": {ADMIN},
    "gugus_tugas:master_wilayah_ubah": {ADMIN},
    "gugus_tugas:master_profil": {ADMIN},
    "gugus_tugas:profil_logo": EVERYONE,
    "gugus_tugas:wilayah_impor": {ADMIN},
    "gugus_tugas:wilayah_impor_pratinjau": {ADMIN},
    "gugus_tugas:wilayah_impor_simpan": {ADMIN},
    "gugus_tugas:wilayah_templat": {ADMIN},
    "gugus_tugas:opd_impor": {ADMIN},
    "gugus_tugas:opd_impor_pratinjau": {ADMIN},
    "gugus_tugas:opd_impor_simpan": {ADMIN},
    "gugus_tugas:opd_templat": {ADMIN},
    "gugus_tugas:penyiapan_wilayah": {ADMIN},
    "gugus_tugas:penyiapan_wilayah_pratinjau": {ADMIN},
    "gugus_tugas:penyiapan_wilayah_simpan": {ADMIN},
    "gugus_tugas:penyiapan_opd": {ADMIN},
    "gugus_tugas:penyiapan_opd_pratinjau": {ADMIN},
    "gugus_tugas:penyiapan_opd_simpan": {ADMIN},
    "dua_langkah": EVERYONE,
    "dua_langkah_daftar": EVERYONE,
    "dua_langkah_pengaturan": EVERYONE,
    "kode_pemulihan_baru": EVERYONE,
    "gugus_tugas:rapat": PELAKSANA,
    "gugus_tugas:tindak_lanjut": PELAKSANA,
    "gugus_tugas:tindak_lanjut_saya": {OPERATOR},
    "gugus_tugas:tindak_lanjut_detail": PELAKSANA,
    "gugus_tugas:bukti_tindak_lanjut": PELAKSANA,
    "gugus_tugas:rapat_tambah": {ADMIN},
    "gugus_tugas:rapat_detail": PELAKSANA,
    "gugus_tugas:rapat_ubah": {ADMIN},
    "gugus_tugas:rapat_ics": PELAKSANA,
    "gugus_tugas:rapat_daftar_hadir": PELAKSANA,
    "gugus_tugas:rapat_notulen_pdf": PELAKSANA,
    "gugus_tugas:rapat_undangan": {ADMIN},
    "gugus_tugas:rapat_kehadiran": {ADMIN},
    "gugus_tugas:rapat_notulen": {ADMIN},
    "gugus_tugas:rapat_keputusan": {ADMIN},
    "gugus_tugas:rapat_tindak_lanjut": {ADMIN},
    "gugus_tugas:rapat_addendum": {ADMIN},
    "gugus_tugas:rapat_jadwalkan": {ADMIN},
    "gugus_tugas:rapat_tutup": {ADMIN},
    "gugus_tugas:rapat_lampiran": {ADMIN},
    "gugus_tugas:lampiran_rapat": PELAKSANA,
    "rad_kla:index": PELAKSANA,
    "rad_kla:saya": PELAKSANA,
    "rad_kla:rekap": PELAKSANA,
    "rad_kla:matriks": PELAKSANA,
    "rad_kla:matriks_unduh": PELAKSANA,
    "rad_kla:verifikasi": PELAKSANA,
    "rad_kla:periode": {ADMIN},
    "rad_kla:periode_status": {ADMIN},
    "rad_kla:periode_ubah": {ADMIN},
    "rad_kla:nama_lain": {ADMIN},
    "rad_kla:nama_lain_sumber_dana_hapus": {ADMIN},
    "rad_kla:nama_lain_lokasi_hapus": {ADMIN},
    "rad_kla:detail": PELAKSANA,
    "rad_kla:tindak_lanjut": PELAKSANA,
    "rad_kla:realisasi_isi": PELAKSANA,
    "rad_kla:realisasi_detail": PELAKSANA,
    "rad_kla:realisasi_periksa": PELAKSANA,
    "rad_kla:bukti_unduh": PELAKSANA,
    "rad_kla:bukti_hapus": PELAKSANA,
    "rad_kla:ekspor": PELAKSANA,
    "rad_kla:impor": {ADMIN},
    "rad_kla:ekspor_detail": PELAKSANA,
    "rad_kla:ekspor_status": PELAKSANA,
    "rad_kla:ekspor_unduh": PELAKSANA,
    "rad_kla:impor_detail": {ADMIN},
    "rad_kla:impor_status": {ADMIN},
    "rad_kla:impor_simpan": {ADMIN},
    "rad_kla:impor_pemetaan": {ADMIN},
    "rad_kla:impor_periksa_ulang": {ADMIN},
    "rad_kla:impor_alias_opd": {ADMIN},
    "rad_kla:templat_impor": PELAKSANA,
    "kasus:index": {ADMIN, PETUGAS},
    "kasus:tambah": {PETUGAS},
    "kasus:statistik": {ADMIN, PIMPINAN, PETUGAS},
    "kasus:ekspor": {ADMIN, PETUGAS},
    "kasus:log_akses": {ADMIN},
    "kasus:detail": {ADMIN, PETUGAS},
    "kasus:identitas": {PETUGAS},
    "kasus:sembunyikan": {PETUGAS},
    "kasus:ubah": {PETUGAS},
    "kasus:status": {PETUGAS},
    "kasus:layanan": {PETUGAS},
    "kasus:catatan": {PETUGAS},
    "kasus:hapus": {ADMIN, PETUGAS},
    "evaluasi:index": {ADMIN, PIMPINAN, KOORDINATOR},
    "evaluasi:laporan": WITH_ROLE,
    "evaluasi:indikator": {ADMIN, PIMPINAN, KOORDINATOR},
    "evaluasi:finalisasi": {ADMIN},
    "evaluasi:hasil_resmi": {ADMIN},
    "evaluasi:bukti_unduh": {ADMIN, PIMPINAN, KOORDINATOR},
    "evaluasi:bukti_hapus": {ADMIN, PIMPINAN, KOORDINATOR},
    "evaluasi:laporan_status": WITH_ROLE,
    "evaluasi:laporan_unduh": WITH_ROLE,
}
# Served to anonymous users on purpose.
PUBLIC = {
    "login",
    "set_language",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "undangan_terima",
    # Only on an empty install (404 otherwise); tests/gugus_tugas/test_penyiapan.py covers it.
    "gugus_tugas:penyiapan",
}
SKIPPED_PREFIXES = ("admin:",)
FAKE_ID = 999999


def _patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern), entry


def _url(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?\w+>", str(FAKE_ID), route)


def project_urls():
    seen = {}
    for name, route, pattern in _patterns():
        if name.startswith(SKIPPED_PREFIXES) or name in seen:
            continue
        seen[name] = (_url(route), pattern)
    return seen


def _is_require_post(pattern: URLPattern) -> bool:
    # django.views.decorators.http.require_http_methods keeps the allowed list in a closure.
    callback = pattern.callback
    while callback is not None:
        for cell in getattr(callback, "__closure__", None) or ():
            contents = cell.cell_contents
            if isinstance(contents, list) and contents == ["POST"]:
                return True
        callback = getattr(callback, "__wrapped__", None)
    return False


def test_every_url_has_a_rule():
    missing = sorted(set(project_urls()) - set(ACCESS) - PUBLIC - {"logout", "healthz"})
    assert not missing, f"Halaman tanpa aturan akses di ACCESS: {missing}"


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_url_outcome_for_every_role(client, users_by_role, name):
    urls = project_urls()
    assert name in urls, f"{name} tidak ada di URL conf"
    url, pattern = urls[name]
    has_id = str(FAKE_ID) in url
    post_only = _is_require_post(pattern)

    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), f"{name} anonim"

    for peran, user in users_by_role.items():
        client.force_login(user)
        response = client.get(url)
        if post_only:
            expected = 405
        elif peran not in ACCESS[name]:
            expected = 403
        elif has_id:
            expected = 404
        else:
            expected = 200
        assert response.status_code == expected, f"{name} sebagai {peran or 'tanpa peran'}: {response.status_code}"
