"""Private file storage: uploads live outside static and media URLs, under random names."""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT/private, read from the settings when first used and again whenever MEDIA_ROOT changes."""

    @cached_property
    def base_location(self):
        # Not fixed at import: a test that points MEDIA_ROOT at a temporary folder keeps its files there.
        return str(Path(settings.MEDIA_ROOT) / "private")


def private_storage() -> FileSystemStorage:
    # No view serves MEDIA_URL: these files are reachable only through views that check permissions.
    return PrivateStorage()


@deconstructible
class RandomName:
    """upload_to that keeps only a checked extension and a random name: <folder>/<yyyy>/<random>.<ext>."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        ext = Path(filename).suffix.lower().lstrip(".")
        return f"{self.folder}/{timezone.now():%Y}/{secrets.token_hex(16)}.{ext}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder
