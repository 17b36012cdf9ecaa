"""Every kasus permission: who is allowed and who is refused."""

import pytest

from gugus_tugas.models import Peran

pytestmark = pytest.mark.django_db

ADMIN, PIMPINAN, KOORDINATOR = Peran.ADMIN_SEKRETARIAT, Peran.PIMPINAN, Peran.KOORDINATOR_KLASTER
OPERATOR, PETUGAS, NONE = Peran.OPERATOR_OPD, Peran.PETUGAS_KASUS, ""

ALLOWED = {
    "kasus.lihat_kasus": {ADMIN, PETUGAS},
    "kasus.kelola_kasus": {PETUGAS},
    "kasus.tampilkan_identitas": {PETUGAS},
    "kasus.hapus_kasus": {ADMIN, PETUGAS},
    "kasus.ekspor_kasus": {ADMIN, PETUGAS},
    "kasus.lihat_log_akses": {ADMIN},
    "kasus.lihat_statistik": {ADMIN, PIMPINAN, PETUGAS},
    "kasus.lihat_statistik_rinci": {PETUGAS},
}


@pytest.mark.parametrize("perm", list(ALLOWED))
def test_each_role_is_allowed_or_refused(users_by_role, perm):
    for peran, user in users_by_role.items():
        assert user.has_perm(perm) == (peran in ALLOWED[perm]), f"{perm} {peran or 'tanpa peran'}"


def test_only_the_coordinator_of_cluster_v_reads_the_suppressed_statistics(koordinator_klaster5, koordinator_klaster3):
    assert koordinator_klaster5.has_perm("kasus.lihat_statistik")
    assert not koordinator_klaster5.has_perm("kasus.lihat_statistik_rinci")
    assert not koordinator_klaster3.has_perm("kasus.lihat_statistik")


def test_the_coordinator_of_cluster_v_gets_the_statistics_page_and_nothing_else(client, koordinator_klaster5):
    client.force_login(koordinator_klaster5)
    assert client.get("/kasus/statistik/").status_code == 200
    for path in ("/kasus/", "/kasus/ekspor/", "/kasus/log-akses/", "/kasus/tambah/"):
        assert client.get(path).status_code == 403
