"""Every list page answers a NUL byte or control characters in its filters like any other search, never with a 500."""

import pytest

from core.forms import PencarianField
from tests.gugus_tugas.factories import RapatFactory, TindakLanjutFactory
from tests.test_authorization_matrix import ACCESS, FAKE_ID, _is_require_post, project_urls

FILTER_PARAMS = [
    "q",
    "status",
    "jenis",
    "opd",
    "tahun",
    "klaster",
    "indikator",
    "progres",
    "periode",
    "page",
    "semua",
    "terlambat",
    "nomor",
    "aksi",
    "pengguna",
    "dari",
    "sampai",
    "kecamatan",
    "peran",
]
NUL_QUERY = {name: "a\x00b" for name in FILTER_PARAMS}


def list_pages() -> list[str]:
    urls = project_urls()
    return sorted(
        name
        for name, (url, pattern) in urls.items()
        if name in ACCESS and str(FAKE_ID) not in url and not _is_require_post(pattern)
    )


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Rakor\x00", "Rakor"),
        ("Ra\x00kor\x01\x1b[31m\x7f", "Rakor[31m"),
        (" gizi \t anak\r\n", "gizi anak"),
        ("\x00", ""),
        (None, ""),
        ("x" * 500, "x" * 100),
    ],
)
def test_the_search_field_removes_control_characters_and_cuts_the_length(raw, clean):
    field = PencarianField()
    assert field.clean(raw) == clean


@pytest.mark.django_db
@pytest.mark.parametrize("name", list_pages())
def test_a_nul_byte_in_any_filter_is_not_a_server_error(client, users_by_role, name):
    url, _pattern = project_urls()[name]
    allowed = [user for peran, user in users_by_role.items() if peran in ACCESS[name]]
    for user in allowed:
        client.force_login(user)
        response = client.get(url, NUL_QUERY)
        assert response.status_code < 500, f"{name} sebagai {user.username}: {response.status_code}"
        response = client.get(url, {"q": "\x00\x01\x1b[31m\x7f"})
        assert response.status_code < 500, f"{name} sebagai {user.username}: {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "fixture"),
    [
        ("/rapat/", "admin_user"),
        ("/tindak-lanjut/", "pimpinan"),
        ("/tindak-lanjut/saya/", "operator_dinkes"),
        ("/gugus-tugas/pengguna/", "admin_user"),
        ("/rad/", "operator_dinkes"),
        ("/kasus/", "petugas_kasus"),
        ("/kasus/log-akses/", "admin_user"),
    ],
)
def test_the_reported_pages_answer_200_to_a_nul_in_the_search(client, request, url, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(url, {"q": "\x00"}).status_code == 200
    assert client.get(url, NUL_QUERY).status_code == 200


@pytest.mark.django_db
def test_a_search_with_a_nul_finds_what_is_left_of_it(client, admin_user, operator_dinkes):
    rapat = RapatFactory(judul="Rakor Gizi Anak")
    RapatFactory(judul="FGD Sekolah Ramah Anak")
    TindakLanjutFactory(rapat=rapat, opd=operator_dinkes.opd, uraian="Data gizi buruk")
    client.force_login(admin_user)
    html = client.get("/rapat/", {"q": "Gi\x00zi", "jenis": "\x00"}).content.decode()
    assert "Rakor Gizi Anak" in html and "FGD Sekolah" not in html
    assert 'value="Gizi"' in html
    html = client.get("/gugus-tugas/pengguna/", {"q": "admin\x00.uji"}).content.decode()
    assert "admin.uji" in html
    client.force_login(operator_dinkes)
    html = client.get("/tindak-lanjut/saya/", {"q": "gizi\x00", "status": "\x00"}).content.decode()
    assert "Data gizi buruk" in html
