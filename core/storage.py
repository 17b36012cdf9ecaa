"""Private file storage: uploads live outside static and media URLs, under random names, and leave no debris.

A file is written before the row that names it. So that a refused or failed write leaves nothing
behind, every file saved inside a transaction is remembered until that transaction commits; at the
end of the request or task, a file whose transaction rolled back is deleted (`berkas_rollback_sweep`).
A disk-full error removes the partial file and reaches the user as a validation error in words.
Files orphaned before this existed, or by a killed process, are removed by `berkas_yatim_delete`.
"""

import datetime
import errno
import logging
import os
import secrets
import threading
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DISK_PENUH = {errno.ENOSPC, errno.EDQUOT}
_pending = threading.local()


class PenyimpananPenuh(ValidationError):
    """The server's disk is full: the user is told in words, the admin by an ERROR log line."""


class _Committed:
    """on_commit callback that marks one saved file as kept; its identity finds it in the queue."""

    def __init__(self, path: str):
        self.path = path

    def __call__(self):
        _pending_files().pop(self.path, None)


def _pending_files() -> dict[str, _Committed]:
    if not hasattr(_pending, "files"):
        _pending.files = {}
    return _pending.files


def berkas_rollback_sweep() -> list[str]:
    """Delete the files saved in this thread whose transaction rolled back; returns their paths.

    A file whose commit callback is still queued belongs to a transaction that is still open
    (the caller's, or a test's), so it stays remembered.
    """
    pending = _pending_files()
    if not pending:
        return []
    queued = {id(func) for _sids, func, _robust in connection.run_on_commit} if connection.in_atomic_block else set()
    removed = []
    for path, marker in list(pending.items()):
        if id(marker) in queued:
            continue
        pending.pop(path, None)
        try:
            os.remove(path)
        except FileNotFoundError:
            continue
        removed.append(path)
    if removed:
        logger.info("Removed %d file(s) of rolled-back transactions", len(removed))
    return removed


class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT/private, read from the settings when first used and again whenever MEDIA_ROOT changes."""

    @cached_property
    def base_location(self):
        # Not fixed at import: a test that points MEDIA_ROOT at a temporary folder keeps its files there.
        return str(Path(settings.MEDIA_ROOT) / "private")

    def _save(self, name, content):
        try:
            name = super()._save(name, content)
        except OSError as exc:
            if isinstance(exc, FileExistsError):
                raise
            # O_EXCL guarantees that a file at this path was created by this very write.
            Path(self.path(name)).unlink(missing_ok=True)
            if exc.errno in DISK_PENUH:
                logger.error("Private storage full: could not write %s (%s)", name, exc)
                raise PenyimpananPenuh(
                    _("Penyimpanan server penuh; berkas tidak tersimpan. Hubungi admin."), code="disk_full"
                ) from exc
            raise
        expected = getattr(content, "size", None)
        if expected is not None and os.path.getsize(self.path(name)) < expected:
            # A copy that ran out of space inside its last chunk reports no error: check the size.
            Path(self.path(name)).unlink(missing_ok=True)
            logger.error("Private storage full: %s written short (%s bytes expected)", name, expected)
            raise PenyimpananPenuh(
                _("Penyimpanan server penuh; berkas tidak tersimpan. Hubungi admin."), code="disk_full"
            )
        if connection.in_atomic_block:
            # Outside a transaction the row, if any, is written on its own: nothing can roll back.
            path = self.path(name)
            marker = _Committed(path)
            _pending_files()[path] = marker
            transaction.on_commit(marker)
        return name


def private_storage() -> FileSystemStorage:
    # No view serves MEDIA_URL: these files are reachable only through views that check permissions.
    return PrivateStorage()


@deconstructible
class RandomName:
    """upload_to that keeps only a checked extension and a random name: <folder>/<yyyy>/<random>.<ext>."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, _instance, filename: str) -> str:
        ext = Path(filename).suffix.lower().lstrip(".")
        return f"{self.folder}/{timezone.now():%Y}/{secrets.token_hex(16)}.{ext}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder


def _names_in_use() -> set[str]:
    """Every stored name a row (history rows included) points at, in the private storage."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and isinstance(field.storage, PrivateStorage):
                names.update(
                    model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True).iterator()
                )
    for getter in BERKAS_LAIN:
        names.update(getter())
    return names


# Folders whose files are named by rows in a plain text column; each app adds a getter of those names.
BERKAS_LAIN: list = []


def berkas_yatim_delete(*, umur: datetime.timedelta = datetime.timedelta(days=1), dry_run: bool = False) -> list[str]:
    """Files in the private storage that no row names and that are older than `umur`; deleted unless dry_run.

    Spooled upload files left by a killed request (FILE_UPLOAD_TEMP_DIR) are treated the same way.
    """
    root = Path(PrivateStorage().base_location)
    batas = time.time() - umur.total_seconds()
    in_use = _names_in_use()
    found = []
    if root.exists():
        for path in root.rglob("*"):
            if path.is_file() and path.stat().st_mtime < batas:
                name = path.relative_to(root).as_posix()
                if name not in in_use:
                    found.append(name)
    temp_dir = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    if temp_dir and Path(temp_dir).exists():
        found += [str(p) for p in Path(temp_dir).iterdir() if p.is_file() and p.stat().st_mtime < batas]
    if not dry_run:
        for name in found:
            (root / name if not os.path.isabs(name) else Path(name)).unlink(missing_ok=True)
        if found:
            logger.warning("Removed %d orphaned file(s) from private storage", len(found))
    return sorted(found)
