"""The access log's hash chain: a removed, changed or truncated row is refused or found."""

import itertools
import threading
from io import StringIO
from pathlib import Path

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from kasus.chain import akses_log_digest
from kasus.models import AksesLog
from kasus.services import akses_log_create
from kasus.tasks import akses_log_verify as akses_log_verify_task
from tests.gugus_tugas.factories import UserFactory
from tests.kasus.factories import KasusFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent


def verify(*args) -> str:
    out = StringIO()
    call_command("akses_log_verify", *args, stdout=out, stderr=out)
    return out.getvalue()


def verify_fails(*args) -> str:
    err = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("akses_log_verify", *args, stdout=StringIO(), stderr=err)
    assert exc.value.returncode == 1
    return err.getvalue() + str(exc.value)


def behind_the_trigger(sql: str, params: list) -> None:
    """What someone with the owner's or a superuser's credentials can still do."""
    with connection.cursor() as cursor:
        # The test's own inserts leave deferred checks that would block ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE kasus_akseslog DISABLE TRIGGER kasus_akseslog_append_only")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE kasus_akseslog ENABLE TRIGGER kasus_akseslog_append_only")


@pytest.fixture
def log_rows(petugas_kasus) -> list[AksesLog]:
    kasus = KasusFactory()
    return [
        akses_log_create(pengguna=petugas_kasus, kasus=kasus, aksi="lihat"),
        akses_log_create(
            pengguna=petugas_kasus, kasus=kasus, aksi="tampilkan_identitas", jenis_alasan="rujukan", alasan="Rujukan."
        ),
        akses_log_create(pengguna=petugas_kasus, aksi="ekspor", keterangan="csv, 1 baris"),
        akses_log_create(pengguna=petugas_kasus, kasus=kasus, aksi="lihat"),
    ]


def test_each_row_is_chained_to_the_one_before(log_rows):
    assert [log.urutan for log in log_rows] == [1, 2, 3, 4]
    assert log_rows[0].hash_sebelum == ""
    for before, after in itertools.pairwise(log_rows):
        assert after.hash_sebelum == before.hash
    stored = AksesLog.objects.get(pk=log_rows[1].pk)
    assert akses_log_digest(stored) == stored.hash
    output = verify()
    assert "utuh: 4 baris" in output
    assert f"Kepala rantai: 4:{log_rows[3].hash}" in output


def test_a_row_deleted_with_the_trigger_disabled_is_found(log_rows):
    behind_the_trigger("DELETE FROM kasus_akseslog WHERE id = %s", [log_rows[1].pk])
    message = verify_fails()
    assert "Baris 2 sampai 2 hilang." in message and "Baris 3 tidak tersambung" in message


def test_a_changed_row_is_found(log_rows):
    behind_the_trigger("UPDATE kasus_akseslog SET alasan = 'Audit.' WHERE id = %s", [log_rows[1].pk])
    assert f"Isi baris 2 (id {log_rows[1].pk}) telah diubah." in verify_fails()


def test_a_row_given_a_recomputed_hash_without_the_key_is_found(log_rows):
    behind_the_trigger("UPDATE kasus_akseslog SET aksi = 'lihat', hash = %s WHERE id = %s", ["0" * 64, log_rows[1].pk])
    message = verify_fails()
    assert "Isi baris 2" in message and "Baris 3 tidak tersambung" in message


def test_rows_cut_from_the_end_are_found_against_the_recorded_head(log_rows):
    head = f"4:{log_rows[3].hash}"
    assert "utuh" in verify("--kepala", head)
    behind_the_trigger("DELETE FROM kasus_akseslog WHERE urutan >= 3", [])
    assert "utuh: 2 baris" in verify()
    assert "baris terakhir telah dihapus" in verify_fails("--kepala", head)


def test_truncate_is_refused_even_to_the_table_owner(log_rows):
    with (
        pytest.raises(DatabaseError, match="tidak dapat diubah atau dihapus"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # A role that is not a superuser but owns the table, as the migrating role would.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("CREATE ROLE kla_uji_pemilik_log NOLOGIN")
        cursor.execute("ALTER TABLE kasus_akseslog OWNER TO kla_uji_pemilik_log")
        cursor.execute("SET ROLE kla_uji_pemilik_log")
        cursor.execute("TRUNCATE kasus_akseslog CASCADE")
    assert AksesLog.objects.count() == 4


def test_the_app_role_of_the_deployment_can_neither_truncate_nor_switch_the_trigger_off(log_rows, petugas_kasus):
    grants = (ROOT / "scripts" / "db-app-role.sql").read_text()
    for variable, value in (
        ("app_role", "kla_uji_app_log"),
        ("owner_role", connection.settings_dict["USER"]),
        ("db_name", connection.settings_dict["NAME"]),
    ):
        grants = grants.replace(f':"{variable}"', f'"{value}"')
    refused = [
        "TRUNCATE kasus_akseslog",
        "ALTER TABLE kasus_akseslog DISABLE TRIGGER kasus_akseslog_append_only",
        "DELETE FROM kasus_akseslog",
        "UPDATE kasus_akseslog SET alasan = 'x'",
    ]
    with pytest.raises(RuntimeError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE ROLE kla_uji_app_log NOLOGIN")
        cursor.execute(grants)
        cursor.execute("SET ROLE kla_uji_app_log")
        # It reads and writes the log as the app does.
        akses_log_create(pengguna=petugas_kasus, aksi="ekspor", keterangan="csv, 0 baris")
        for sql in refused:
            with pytest.raises(DatabaseError), transaction.atomic():
                cursor.execute(sql)
        raise RuntimeError("roll the role back")
    assert AksesLog.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_keep_the_chain_whole():
    users = [UserFactory(username=f"penulis.{n}") for n in range(8)]
    errors = []

    def write(user):
        try:
            for _ in range(3):
                akses_log_create(pengguna=user, aksi="ekspor", keterangan="csv")
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(AksesLog.objects.values_list("urutan", flat=True)) == list(range(1, 25))
    assert "utuh: 24 baris" in verify()


def test_the_daily_check_emails_the_secretariat_when_the_chain_is_broken(log_rows, admin_user):
    admin_user.email = "sekretariat@example.go.id"
    admin_user.save()
    assert akses_log_verify_task.apply().get() == {"baris": 4, "masalah": 0}
    assert mail.outbox == []
    behind_the_trigger("DELETE FROM kasus_akseslog WHERE id = %s", [log_rows[1].pk])
    assert akses_log_verify_task.apply().get()["masalah"] == 2
    assert mail.outbox[0].to == ["sekretariat@example.go.id"]
    assert "Baris 2 sampai 2 hilang." in mail.outbox[0].body


def test_the_check_runs_every_day():
    entry = settings.CELERY_BEAT_SCHEDULE["log-akses-periksa"]
    assert entry["task"] == akses_log_verify_task.name
    assert entry["schedule"] == crontab(hour=3, minute=0)
