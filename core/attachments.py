"""Adding and removing attachments (core.models.Lampiran) and sending a private file back as a download."""

from urllib.parse import quote

from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.text import slugify

from .models import Lampiran
from .uploads import upload_validate


@transaction.atomic
def attachment_add(*, model: type[Lampiran], owner, file, by, **fields) -> Lampiran:
    """Check `file` (core.uploads rules), store it under a random name and save it as a `model` of `owner`.

    The caller's service decides who may attach and passes its own concrete class (`model`), so this
    layer knows no domain model; the class says which foreign key `owner` goes in (`owner_field`).
    `fields` are the class's own columns, such as a description. Raises ValidationError, with
    nothing stored, for a refused file.
    """
    jenis = upload_validate(file)
    attachment = model(
        **{model.owner_field: owner},
        nama_asli=file.name[:255],
        jenis_konten=jenis.content_type,
        ukuran=file.size,
        diunggah_oleh=by,
        **fields,
    )
    attachment.berkas.save(file.name, file, save=False)
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Lampiran) -> None:
    """Delete the row now and its file once the transaction has committed (a rollback keeps both)."""
    berkas = attachment.berkas
    attachment.delete()
    transaction.on_commit(lambda: berkas.storage.delete(berkas.name))


def private_file_response(berkas: FieldFile, *, filename: str, content_type: str) -> FileResponse:
    """A stored file as a download under `filename`; nosniff is added to every response by SecurityMiddleware."""
    response = FileResponse(berkas.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    if not filename.isascii():
        # Django sends a non-ASCII name as filename* alone; a client that cannot read it still gets an ASCII name.
        stem, dot, ext = filename.rpartition(".")
        fallback = f"{slugify(stem) or 'berkas'}{dot}{slugify(ext)}" if dot else slugify(filename) or "berkas"
        response["Content-Disposition"] = (
            f"attachment; filename=\"{fallback}\"; filename*=utf-8''{quote(filename, safe='')}"
        )
    return response
