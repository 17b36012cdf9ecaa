"""A disk that fills up, for tests of the storage: writes get part of their bytes on disk, then ENOSPC."""

import errno
import os

FDOPEN = "django.core.files.storage.filesystem.os.fdopen"


class HalfWriter:
    """A file whose first write puts half its bytes on the disk and then fails as a full disk does."""

    def __init__(self, f):
        self.f = f

    def write(self, chunk):
        self.f.write(chunk[: len(chunk) // 2])
        self.f.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def close(self):
        self.f.close()


def disk_full_from(monkeypatch, nth: int = 1) -> None:
    """The storage's nth file written from now on (and every later one) hits a full disk."""
    real_fdopen = os.fdopen
    opened = []

    def fdopen(fd, mode):
        opened.append(fd)
        f = real_fdopen(fd, mode)
        return HalfWriter(f) if len(opened) >= nth else f

    monkeypatch.setattr(FDOPEN, fdopen)
