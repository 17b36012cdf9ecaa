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
CANARIES = (CANARY_NAME, CANARY_NIK, CANARY_PARENT)


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
        **{"korban-0-nama": CANARY_NAME, "korban-0-nik": CANARY_NIK, "korban-0-nama_orang_tua": CANARY_PARENT}
    )
    assert client.post("/kasus/tambah/", data).status_code == 302
    client.logout()
    return Kasus.objects.get()


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
    assert leaked(all_database_text()) == []


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
    client.post(f"/kasus/{canary_kasus.pk}/identitas/", {"alasan": "Pendampingan visum di RSUD."})
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
