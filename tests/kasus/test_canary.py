"""A canary identity goes in through the form and must surface nowhere but the revealed view."""

import io
import zipfile

import pytest
from django.core import mail
from django.db import connection

from gugus_tugas.models import Peran
from kasus.models import Kasus
from tests.gugus_tugas.factories import UserFactory

pytestmark = pytest.mark.django_db

CANARY_NAME = "Kanari Qwxyzt"
CANARY_NIK = "0000918273645546"
CANARY_PARENT = "Induk Kanari Vbnmq"
# A case's free text names the child as easily as the name field does.
CANARY_KRONOLOGI = "Kronologi Kanari Plkjh"
CANARY_PENYEDIA = "Lembaga Kanari Mnbvc"
CANARY_LAYANAN = "Keterangan Kanari Zxcvb"
CANARY_STATUS = "Catatan Status Kanari Asdfg"
CANARY_CATATAN = "Catatan Kasus Kanari Poiuy"
NARASI = (CANARY_KRONOLOGI, CANARY_PENYEDIA, CANARY_LAYANAN, CANARY_STATUS, CANARY_CATATAN)
CANARIES = (CANARY_NAME, CANARY_NIK, CANARY_PARENT, *NARASI)
REVEAL = {"jenis_alasan": "pendampingan", "alasan": "Pendampingan visum di RSUD."}


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return content.decode("utf-8", "replace")


def leaked(text: str) -> list[str]:
    return [c for c in CANARIES if c in text]


@pytest.fixture
def canary_kasus(client, petugas_kasus, kasus_post) -> Kasus:
    client.force_login(petugas_kasus)
    data = kasus_post(
        **{
            "korban-0-nama": CANARY_NAME,
            "korban-0-nik": CANARY_NIK,
            "korban-0-nama_orang_tua": CANARY_PARENT,
            "kronologi": f"{CANARY_KRONOLOGI}: dipukul di rumah.",
        }
    )
    assert client.post("/kasus/tambah/", data).status_code == 302
    kasus = Kasus.objects.get()
    for path, form in (
        (
            "layanan",
            {
                "jenis": "kesehatan",
                "tanggal": "2025-03-11",
                "penyedia_lain": CANARY_PENYEDIA,
                "keterangan": CANARY_LAYANAN,
            },
        ),
        ("status", {"status": "dalam_penanganan", "catatan": CANARY_STATUS}),
        ("catatan", {"isi": CANARY_CATATAN}),
    ):
        assert client.post(f"/kasus/{kasus.pk}/{path}/", form).status_code == 302, path
    client.logout()
    return kasus


def kasus_paths(kasus: Kasus) -> list[str]:
    return [
        "/",
        "/kasus/",
        "/kasus/?q=KASUS",
        "/kasus/tambah/",
        "/kasus/statistik/",
        "/kasus/ekspor/?format=csv",
        "/kasus/ekspor/?format=xlsx",
        "/kasus/log-akses/",
        f"/kasus/{kasus.pk}/",
        f"/kasus/{kasus.pk}/identitas/",
        f"/kasus/{kasus.pk}/ubah/",
        f"/kasus/{kasus.pk}/hapus/",
        "/admin/kasus/kasus/",
        f"/admin/kasus/kasus/{kasus.pk}/change/",
        "/admin/kasus/akseslog/",
        "/admin/",
    ]


def all_database_text() -> str:
    """Every row of every table, read raw: ciphertext stays ciphertext."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            parts.append(repr(cursor.fetchall()))
    return " ".join(parts)


def test_the_canary_is_not_in_any_database_table(canary_kasus):
    assert canary_kasus.korban.get().nama == CANARY_NAME
    layanan = canary_kasus.layanan.get()
    assert (layanan.penyedia_lain, layanan.keterangan) == (CANARY_PENYEDIA, CANARY_LAYANAN)
    assert canary_kasus.riwayat_status.last().catatan == CANARY_STATUS
    assert canary_kasus.catatan.get().isi == CANARY_CATATAN
    assert leaked(all_database_text()) == []


def test_the_admin_reads_the_case_page_without_any_narrative(client, canary_kasus, admin_user):
    client.force_login(admin_user)
    response = client.get(f"/kasus/{canary_kasus.pk}/")
    assert response.status_code == 200
    assert leaked(body(response)) == []
    assert 'data-testid="teks-disamarkan"' in body(response)
    assert canary_kasus.log_akses.filter(pengguna=admin_user).get().aksi == "lihat"


def test_a_case_worker_reads_the_narratives_only_after_a_logged_reveal(client, canary_kasus, petugas_kasus):
    client.force_login(petugas_kasus)
    assert leaked(body(client.get(f"/kasus/{canary_kasus.pk}/"))) == []
    client.post(f"/kasus/{canary_kasus.pk}/identitas/", REVEAL)
    html = body(client.get(f"/kasus/{canary_kasus.pk}/"))
    assert [c for c in NARASI if c not in html] == []
    reveal = canary_kasus.log_akses.get(aksi="tampilkan_identitas")
    assert (reveal.jenis_alasan, reveal.alasan) == ("pendampingan", "Pendampingan visum di RSUD.")


def test_no_role_sees_the_canary_on_any_page_without_a_reveal(
    client, canary_kasus, users_by_role, koordinator_klaster5
):
    superuser = UserFactory(username="super.uji", is_superuser=True, is_staff=True)
    users = {**users_by_role, "koordinator5": koordinator_klaster5, "superuser": superuser}
    reached = set()
    for role, user in users.items():
        client.force_login(user)
        for path in kasus_paths(canary_kasus):
            response = client.get(path)
            if response.status_code == 200:
                reached.add((role, path))
                assert leaked(body(response)) == [], f"{path} sebagai {role or 'tanpa peran'}"
    # The sweep really rendered the sensitive pages.
    assert (Peran.PETUGAS_KASUS, f"/kasus/{canary_kasus.pk}/") in reached
    assert (Peran.ADMIN_SEKRETARIAT, "/kasus/log-akses/") in reached
    assert ("superuser", f"/admin/kasus/kasus/{canary_kasus.pk}/change/") in reached
    assert (Peran.PIMPINAN, "/kasus/statistik/") in reached
    assert ("koordinator5", "/kasus/statistik/") in reached


def test_the_canary_appears_only_in_the_revealed_view_of_a_case_worker(client, canary_kasus, petugas_kasus, admin_user):
    client.force_login(petugas_kasus)
    client.post(f"/kasus/{canary_kasus.pk}/identitas/", REVEAL)
    revealed = {f"/kasus/{canary_kasus.pk}/", f"/kasus/{canary_kasus.pk}/ubah/"}
    for path in kasus_paths(canary_kasus):
        response = client.get(path)
        if path in revealed:
            assert response.status_code == 200
            assert CANARY_NAME in body(response) and CANARY_NIK in body(response)
        else:
            assert leaked(body(response)) == [], path
    # The access log, its page and every table stay clean after the reveal too.
    client.force_login(admin_user)
    assert leaked(body(client.get("/kasus/log-akses/"))) == []
    assert leaked(all_database_text()) == []
    assert all(leaked(m.body + m.subject) == [] for m in mail.outbox)
