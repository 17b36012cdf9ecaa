"""Upgrading a database with existing cases: plain free text gets encrypted, existing log rows get chained."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kasus.chain import akses_log_verify
from kasus.models import AksesLog, Layanan
from tests.gugus_tugas.factories import UserFactory
from tests.kasus.factories import KelurahanFactory

BEFORE = [("kasus", "0002_akseslog_append_only")]
AFTER = [("kasus", "0004_akseslog_rantai")]
PLAIN = "Lembaga Kanari Migrasi"


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_upgrading_encrypts_plain_providers_and_chains_the_existing_log():
    user, kelurahan = UserFactory(), KelurahanFactory()
    try:
        old = migrate(BEFORE)
        kasus = old.get_model("kasus", "Kasus").objects.create(
            nomor_registrasi="KASUS/2024/0001",
            tanggal_lapor="2024-03-10",
            saluran="sapa_129",
            kelurahan_id=kelurahan.pk,
            tempat_kejadian="rumah_tangga",
            dibuat_oleh_id=user.pk,
        )
        old.get_model("kasus", "Layanan").objects.create(
            kasus=kasus, jenis="pengaduan", tanggal="2024-03-10", penyedia_lain=PLAIN, dicatat_oleh_id=user.pk
        )
        for aksi in ("buat", "lihat", "tambah_layanan"):
            old.get_model("kasus", "AksesLog").objects.create(pengguna_id=user.pk, kasus=kasus, aksi=aksi)
        migrate(AFTER)
        with connection.cursor() as cursor:
            cursor.execute("SELECT penyedia_lain FROM kasus_layanan")
            assert PLAIN not in cursor.fetchone()[0]
        assert Layanan.objects.get().penyedia_lain == PLAIN
        assert list(AksesLog.objects.order_by("urutan").values_list("aksi", flat=True)) == [
            "buat",
            "lihat",
            "tambah_layanan",
        ]
        hasil = akses_log_verify()
        assert hasil.utuh and hasil.jumlah == 3
    finally:
        call_command("migrate", verbosity=0)
