"""Evidence uploads leave no debris: a full disk, a refused submit or a rollback leave no file behind."""

import errno
import logging
import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from rad_kla.models import BuktiDukung, Realisasi
from tests.disk import disk_full_from

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"0" * 4096


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored(media) -> list:
    root = media / "private"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def post(client, rencana, periode, *files, narasi="Kegiatan terlaksana", ajukan=False):
    data = {"nilai_capaian": "4", "realisasi_anggaran": "0", "narasi": narasi, "berkas": list(files)}
    data["ajukan" if ajukan else "simpan"] = "1"
    return client.post(reverse("rad_kla:realisasi_isi", args=[rencana.pk, periode.pk]), data)


@pytest.fixture
def disk_full(monkeypatch):
    """Every write into the storage gets half of its bytes onto the disk, then ENOSPC, as on a full disk."""
    disk_full_from(monkeypatch)


def test_a_full_disk_is_told_in_words_and_leaves_no_partial_file(
    client, rencana, periode_terbuka, operator_dinkes, media, disk_full, caplog
):
    client.force_login(operator_dinkes)
    with caplog.at_level(logging.ERROR, logger="core.storage"):
        response = post(client, rencana, periode_terbuka, SimpleUploadedFile("laporan.pdf", PDF))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Penyimpanan server penuh" in html
    assert "Kegiatan terlaksana" in html  # what was typed is kept
    assert stored(media) == []
    assert not Realisasi.objects.exists() and not BuktiDukung.objects.exists()
    assert any(r.levelno == logging.ERROR and "full" in r.getMessage() for r in caplog.records)


def test_after_a_full_disk_the_next_upload_works(client, rencana, periode_terbuka, operator_dinkes, media, monkeypatch):
    client.force_login(operator_dinkes)
    real_fdopen = os.fdopen
    calls = []

    def fail_once(fd, mode):
        calls.append(1)
        if len(calls) == 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fdopen(fd, mode)

    monkeypatch.setattr("django.core.files.storage.filesystem.os.fdopen", fail_once)
    assert post(client, rencana, periode_terbuka, SimpleUploadedFile("a.pdf", PDF)).status_code == 200
    assert stored(media) == []
    assert post(client, rencana, periode_terbuka, SimpleUploadedFile("a.pdf", PDF)).status_code == 302
    assert [p.name for p in stored(media)] == [os.path.basename(BuktiDukung.objects.get().berkas.name)]


def test_a_refused_submit_with_files_leaves_no_file(client, rencana, periode_terbuka, operator_dinkes, media):
    client.force_login(operator_dinkes)
    for _ in range(3):
        response = post(client, rencana, periode_terbuka, SimpleUploadedFile("a.pdf", PDF), narasi="", ajukan=True)
        assert response.status_code == 200
    assert not BuktiDukung.objects.exists()
    assert stored(media) == []


def test_a_saved_upload_keeps_its_file(client, rencana, periode_terbuka, operator_dinkes, media):
    client.force_login(operator_dinkes)
    assert post(client, rencana, periode_terbuka, SimpleUploadedFile("a.pdf", PDF)).status_code == 302
    bukti = BuktiDukung.objects.get()
    assert stored(media) == [media / "private" / bukti.berkas.name]


def test_the_orphan_sweep_lists_then_removes_old_files_no_row_names(
    client, rencana, periode_terbuka, operator_dinkes, media, capsys
):
    client.force_login(operator_dinkes)
    post(client, rencana, periode_terbuka, SimpleUploadedFile("a.pdf", PDF))
    kept = media / "private" / BuktiDukung.objects.get().berkas.name
    orphan = media / "private" / "bukti-rad" / "2025" / "yatim.pdf"
    fresh = media / "private" / "bukti-rad" / "2025" / "baru.pdf"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(PDF)
    fresh.write_bytes(PDF)
    old = time.time() - 2 * 86400
    os.utime(orphan, (old, old))
    os.utime(kept, (old, old))

    call_command("berkas_yatim_hapus", "--dry-run")
    out = capsys.readouterr().out
    assert "bukti-rad/2025/yatim.pdf" in out and "baru.pdf" not in out and kept.name not in out
    assert orphan.exists()

    call_command("berkas_yatim_hapus")
    assert not orphan.exists()
    assert kept.exists() and fresh.exists()


def test_the_orphan_sweep_removes_upload_spool_files_a_killed_request_left(settings, tmp_path):
    spool = tmp_path / "spool"
    spool.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(spool)
    left = spool / "tmpab12cd.upload.pdf"
    running = spool / "tmpef34gh.upload.pdf"
    left.write_bytes(PDF)
    running.write_bytes(PDF)
    old = time.time() - 2 * 86400
    os.utime(left, (old, old))
    call_command("berkas_yatim_hapus")
    assert not left.exists() and running.exists()


def test_large_uploads_spool_into_the_folder_the_sweep_cleans(settings):
    assert settings.FILE_UPLOAD_TEMP_DIR and os.path.isdir(settings.FILE_UPLOAD_TEMP_DIR)


def test_a_write_that_ends_short_is_removed_and_told_as_a_full_disk(media):
    from django.core.files.base import ContentFile

    from core.storage import PenyimpananPenuh, private_storage

    # Claims more bytes than it yields, as a copy that lost its last chunk to a full disk.
    short = ContentFile(PDF)
    short.size = len(PDF) + 100
    with pytest.raises(PenyimpananPenuh):
        private_storage().save("bukti-rad/2026/pendek.pdf", short)
    assert stored(media) == []


def test_evidence_up_to_the_limit_is_parsed_in_memory_not_spooled_to_disk(
    client, rencana, periode_terbuka, operator_dinkes, settings, tmp_path, monkeypatch
):
    """A spool file on a full disk would fail the request before any view could answer in words."""
    import core.attachments

    spool = tmp_path / "spool"
    spool.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(spool)
    seen = []
    validate = core.attachments.upload_validate

    def watching(upload):
        seen.append((type(upload).__name__, os.listdir(spool)))
        return validate(upload)

    monkeypatch.setattr(core.attachments, "upload_validate", watching)
    client.force_login(operator_dinkes)
    big = SimpleUploadedFile("besar.pdf", PDF + b"0" * (9 * 1024 * 1024))
    assert post(client, rencana, periode_terbuka, big).status_code == 302
    assert seen == [("InMemoryUploadedFile", [])]
