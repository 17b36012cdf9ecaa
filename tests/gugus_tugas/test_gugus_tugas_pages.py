"""The Gugus Tugas page and the user list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gugus_tugas.models import AnggotaGugusTugas, SKGugusTugas
from gugus_tugas.selectors import sk_gugus_tugas_berlaku_get
from tests.gugus_tugas.factories import OPDFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_sk(nomor: str, mulai: datetime.date, sampai: datetime.date | None = None) -> SKGugusTugas:
    return SKGugusTugas.objects.create(
        nomor=nomor, tanggal=mulai, tentang="Gugus Tugas KLA", berlaku_mulai=mulai, berlaku_sampai=sampai
    )


def test_the_newest_decree_in_force_replaces_the_old_one():
    lama = make_sk("SK/1/2024", datetime.date(2024, 1, 1), datetime.date(2025, 1, 31))
    baru = make_sk("SK/2/2025", datetime.date(2025, 2, 3))
    assert sk_gugus_tugas_berlaku_get(on=datetime.date(2024, 6, 1)) == lama
    assert sk_gugus_tugas_berlaku_get(on=datetime.date(2025, 6, 1)) == baru
    assert sk_gugus_tugas_berlaku_get(on=datetime.date(2023, 6, 1)) is None
    # Without its members (the dashboard's read), the same decree.
    assert sk_gugus_tugas_berlaku_get(on=datetime.date(2024, 6, 1), anggota=False) == lama
    assert sk_gugus_tugas_berlaku_get(on=datetime.date(2025, 1, 31), anggota=False) == lama
    assert sk_gugus_tugas_berlaku_get(on=datetime.date(2025, 6, 1), anggota=False) == baru
    assert sk_gugus_tugas_berlaku_get(on=datetime.date(2023, 6, 1), anggota=False) is None


def test_page_shows_the_members_of_the_decree_in_force(client, operator_dinkes):
    sk = make_sk("400.2.5.1.136/2025", datetime.date(2025, 2, 3))
    AnggotaGugusTugas.objects.create(
        sk=sk, jabatan="Kepala Bappeda", opd=OPDFactory(nama="Bappeda Uji", singkatan="BPU"), kedudukan="ketua"
    )
    client.force_login(operator_dinkes)
    html = client.get("/gugus-tugas/").content.decode()
    assert "400.2.5.1.136/2025" in html
    assert "3 Februari 2025" in html
    assert "Kepala Bappeda" in html


def test_user_list_searches_and_paginates(client, admin_user):
    for n in range(30):
        UserFactory(username=f"staf{n:02d}", nama_lengkap=f"Staf Nomor {n}")
    client.force_login(admin_user)
    page1 = client.get("/gugus-tugas/pengguna/").content.decode()
    assert "Halaman 1 dari 2" in page1
    found = client.get("/gugus-tugas/pengguna/", {"q": "staf07"}).content.decode()
    assert "staf07" in found and "staf08" not in found
    empty = client.get("/gugus-tugas/pengguna/", {"q": "tidak-ada-sama-sekali"}).content.decode()
    assert "Tidak ada pengguna yang cocok" in empty


def test_user_list_query_count_does_not_grow(client, admin_user):
    client.force_login(admin_user)
    for n in range(3):
        UserFactory(username=f"awal{n}")
    client.get("/gugus-tugas/pengguna/")
    with CaptureQueriesContext(connection) as small:
        client.get("/gugus-tugas/pengguna/")
    for n in range(20):
        UserFactory(username=f"tambah{n}", opd=OPDFactory())
    with CaptureQueriesContext(connection) as large:
        client.get("/gugus-tugas/pengguna/")
    assert len(large) == len(small)


def test_gugus_tugas_page_query_count_does_not_grow(client, pimpinan):
    sk = make_sk("SK/Q/2025", datetime.date(2025, 1, 1))
    client.force_login(pimpinan)
    client.get("/gugus-tugas/")
    with CaptureQueriesContext(connection) as small:
        client.get("/gugus-tugas/")
    for n in range(10):
        AnggotaGugusTugas.objects.create(sk=sk, jabatan=f"Anggota {n}", opd=OPDFactory(), kedudukan="anggota")
    with CaptureQueriesContext(connection) as large:
        client.get("/gugus-tugas/")
    assert len(large) == len(small)


def test_an_earlier_decree_stays_readable_below_the_one_in_force(client, pimpinan):
    lama = make_sk("522/KPTS/D-08/2024", datetime.date(2024, 1, 15), datetime.date(2025, 1, 31))
    AnggotaGugusTugas.objects.create(sk=lama, jabatan="Kepala Bappeda Lama", opd=OPDFactory(), kedudukan="ketua")
    make_sk("400.2.5.1.136/2025", datetime.date(2025, 2, 3))
    client.force_login(pimpinan)
    html = client.get("/gugus-tugas/").content.decode()
    riwayat = html[html.index("Riwayat SK Gugus Tugas") :]
    assert "522/KPTS/D-08/2024" in riwayat and "Kepala Bappeda Lama" in riwayat
    assert "400.2.5.1.136/2025" not in riwayat
