"""Import sheets whose preview was never confirmed are removed by the daily job or the command."""

import io
import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from core.storage import private_storage
from kla_metro.celery import app
from rad_kla.excel_views import XLSX_CONTENT_TYPE
from rad_kla.services import IMPOR_TERTUNDA_FOLDER
from rad_kla.tasks import impor_tertunda_delete_task
from tests.rad_kla.excel_utils import BASE, row, target_headers, xlsx

HARI = 24 * 60 * 60


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def sheet(name: str, *, age_seconds: int) -> str:
    storage = private_storage()
    path = storage.save(f"{IMPOR_TERTUNDA_FOLDER}/{name}", ContentFile(b"PK\x03\x04 xlsx"))
    waktu = time.time() - age_seconds
    os.utime(storage.path(path), (waktu, waktu))
    return path


def pending() -> list[str]:
    storage = private_storage()
    return sorted(storage.listdir(IMPOR_TERTUNDA_FOLDER)[1]) if storage.exists(IMPOR_TERTUNDA_FOLDER) else []


def test_the_command_deletes_only_sheets_older_than_a_day():
    sheet("lama.xlsx", age_seconds=2 * HARI)
    sheet("baru.xlsx", age_seconds=60)
    out = io.StringIO()
    call_command("impor_rad_bersihkan", stdout=out)
    assert pending() == ["baru.xlsx"]
    assert "1 berkas impor" in out.getvalue()


def test_the_command_takes_a_shorter_age_but_not_zero():
    sheet("dua-jam.xlsx", age_seconds=2 * 60 * 60)
    call_command("impor_rad_bersihkan", "--jam", "1", stdout=io.StringIO())
    assert pending() == []
    with pytest.raises(CommandError, match="minimal 1"):
        call_command("impor_rad_bersihkan", "--jam", "0", stdout=io.StringIO())


def test_it_does_nothing_before_the_first_import():
    out = io.StringIO()
    call_command("impor_rad_bersihkan", stdout=out)
    assert "0 berkas impor" in out.getvalue()


def test_it_leaves_evidence_files_alone():
    storage = private_storage()
    bukti = storage.save("bukti-rad/2025/lama.pdf", ContentFile(b"%PDF-1.4"))
    os.utime(storage.path(bukti), (time.time() - 30 * HARI,) * 2)
    call_command("impor_rad_bersihkan", stdout=io.StringIO())
    assert storage.exists(bukti)


@pytest.mark.django_db
def test_an_abandoned_web_preview_is_cleaned_up(client, admin_user, opd_dinkes):
    content = xlsx([*BASE, *target_headers()], [row()]).getvalue()
    client.force_login(admin_user)
    response = client.post("/rad/impor/", {"berkas": SimpleUploadedFile("rad.xlsx", content, XLSX_CONTENT_TYPE)})
    assert response.status_code == 302
    [name] = pending()
    storage = private_storage()
    os.utime(storage.path(f"{IMPOR_TERTUNDA_FOLDER}/{name}"), (time.time() - 2 * HARI,) * 2)
    call_command("impor_rad_bersihkan", stdout=io.StringIO())
    assert pending() == []


def test_beat_runs_the_cleanup_every_day():
    tasks = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    schedule = tasks["rad_kla.impor_tertunda_hapus"]
    assert schedule.hour == {2} and schedule.day_of_month == set(range(1, 32))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_cleanup_runs_on_a_real_worker():
    sheet("lama.xlsx", age_seconds=2 * HARI)
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=10):
        assert impor_tertunda_delete_task.delay().get(timeout=30) == 1
        assert impor_tertunda_delete_task.delay().get(timeout=30) == 0
    assert pending() == []
