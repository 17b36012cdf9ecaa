"""Evidence-file rules shared by every app: size, non-empty, and type checked by content."""

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileType:
    ext: str
    content_type: str


PDF = FileType("pdf", "application/pdf")
JPG = FileType("jpg", "image/jpeg")
PNG = FileType("png", "image/png")
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
ALLOWED_EXTENSIONS = {"pdf": PDF, "jpg": JPG, "jpeg": JPG, "png": PNG, "docx": DOCX, "xlsx": XLSX}


def _sniff(upload) -> FileType | None:
    """The type the bytes say, not the name: magic numbers, and the inside of Office zips."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return DOCX
            if any(n.startswith("xl/") for n in names):
                return XLSX
    return None


def upload_validate(upload) -> FileType:
    """Return the detected type of an allowed evidence file, or raise with an Indonesian message."""
    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", None)
    if not size:
        raise ValidationError(_("Berkas %(nama)s kosong.") % {"nama": name}, code="empty")
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Berkas %(nama)s terlalu besar (%(mb).1f MB); batasnya 10 MB.") % {"nama": name, "mb": size / 1048576},
            code="too_large",
        )
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expected = ALLOWED_EXTENSIONS.get(ext)
    if expected is None:
        raise ValidationError(
            _("Jenis berkas %(nama)s tidak diizinkan. Gunakan PDF, JPG, PNG, DOCX atau XLSX.") % {"nama": name},
            code="extension",
        )
    actual = _sniff(upload)
    if actual != expected:
        raise ValidationError(
            _("Isi berkas %(nama)s tidak sesuai dengan jenisnya (.%(ext)s). Unggah berkas asli.")
            % {"nama": name, "ext": ext},
            code="content",
        )
    return actual
