"""Backup and restore: a dump of a seeded database restores into an empty one with the data intact."""

import os
import subprocess
import tarfile
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
TABLES = ["gugus_tugas_user", "gugus_tugas_opd", "gugus_tugas_wilayah", "klaster_indikator", "rad_kla_rencanaaksi"]


def _url(name: str) -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _counts(dsn: str) -> dict[str, int]:
    with psycopg2.connect(dsn) as conn, conn.cursor() as cursor:
        result = {}
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
            result[table] = cursor.fetchone()[0]
        return result


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_restores_into_an_empty_database(tmp_path):
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", "--force", "--password", "Demo-Metro-2026", stdout=devnull)
    media = tmp_path / "media"
    (media / "private").mkdir(parents=True)
    (media / "private" / "bukti.pdf").write_bytes(b"%PDF-1.4 bukti")
    source = _url(connection.settings_dict["NAME"])
    env = {**os.environ, "DATABASE_URL": source, "MEDIA_ROOT": str(media)}
    subprocess.run(
        ["bash", "scripts/backup.sh", str(tmp_path / "cadangan")], cwd=ROOT, env=env, check=True, capture_output=True
    )
    dump = next((tmp_path / "cadangan").glob("*.dump"))
    archive = next((tmp_path / "cadangan").glob("*-media-*.tar.gz"))
    with tarfile.open(archive) as tar:
        assert "./private/bukti.pdf" in tar.getnames()

    target_name = f"{connection.settings_dict['NAME']}_pulih"
    admin = psycopg2.connect(_url("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target_name}"')
        cursor.execute(f'CREATE DATABASE "{target_name}"')
    try:
        restored_media = tmp_path / "pulih-media"
        env = {**os.environ, "DATABASE_URL": _url(target_name), "MEDIA_ROOT": str(restored_media)}
        subprocess.run(
            ["bash", "scripts/restore.sh", str(dump), str(archive)], cwd=ROOT, env=env, check=True, capture_output=True
        )
        assert _counts(_url(target_name)) == _counts(source)
        assert _counts(source)["gugus_tugas_user"] >= 6
        assert (restored_media / "private" / "bukti.pdf").read_bytes() == b"%PDF-1.4 bukti"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target_name}"')
        admin.close()
