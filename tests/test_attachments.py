"""The one attachment path (core.attachments): every owner's file is checked, stored and described the same way,
every private file goes out through one response, and the move onto the shared model kept existing rows."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

import core.attachments
from core.attachments import attachment_add, attachment_delete
from evaluasi.models import BuktiPenilaian, LaporanJob
from gugus_tugas.models import BuktiTindakLanjut, LampiranRapat, Rapat
from klaster.services import kerangka_seed
from rad_kla.models import BuktiDukung, EksporRad
from tests.evaluasi.factories import BuktiPenilaianFactory, LaporanJobFactory, PenilaianIndikatorFactory
from tests.gugus_tugas.factories import RapatFactory, TindakLanjutFactory, UserFactory
from tests.rad_kla.factories import BuktiDukungFactory, RealisasiFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
HTML_AS_PDF = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media" / "private"


def stored(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture(params=["rad", "rapat", "tindak_lanjut", "evaluasi"])
def owner(request, db):
    """What an attachment hangs on: (concrete class, owner row, the class's own fields, storage folder)."""
    if request.param == "rad":
        return BuktiDukung, RealisasiFactory(), {}, "bukti-rad"
    if request.param == "rapat":
        return LampiranRapat, RapatFactory(), {"keterangan": "Daftar hadir"}, "lampiran-rapat"
    if request.param == "tindak_lanjut":
        return BuktiTindakLanjut, TindakLanjutFactory(), {}, "bukti-tindak-lanjut"
    return BuktiPenilaian, PenilaianIndikatorFactory(), {"keterangan": "SK"}, "bukti-evaluasi"


def test_it_stores_a_good_file_with_its_type_and_size(owner, media):
    model, row, fields, folder = owner
    by = UserFactory()
    upload = SimpleUploadedFile("foto kegiatan.png", PNG, "application/octet-stream")
    attachment = attachment_add(model=model, owner=row, file=upload, by=by, **fields)
    attachment = model.objects.get(pk=attachment.pk)
    assert getattr(attachment, model.owner_field) == row
    assert attachment.nama_asli == "foto kegiatan.png"
    # The type is the one the bytes say, not the one the browser claimed.
    assert attachment.jenis_konten == "image/png"
    assert attachment.ukuran == len(PNG)
    assert attachment.diunggah_oleh == by
    assert attachment.diunggah_pada is not None
    assert attachment.berkas.name.startswith(f"{folder}/") and "foto" not in attachment.berkas.name
    assert [p.read_bytes() for p in stored(media)] == [PNG]
    for name, value in fields.items():
        assert getattr(attachment, name) == value


def test_it_refuses_a_file_whose_content_is_not_its_type(owner, media):
    model, row, fields, _folder = owner
    upload = SimpleUploadedFile("laporan.pdf", HTML_AS_PDF, "application/pdf")
    with pytest.raises(ValidationError) as refused:
        attachment_add(model=model, owner=row, file=upload, by=UserFactory(), **fields)
    assert refused.value.code == "content"
    assert not model.objects.exists()
    assert stored(media) == []


def test_a_deleted_attachment_loses_its_file_once_committed(db, media, django_capture_on_commit_callbacks):
    bukti = BuktiDukungFactory()
    path = Path(bukti.berkas.path)
    with django_capture_on_commit_callbacks(execute=True):
        attachment_delete(attachment=bukti)
        assert path.exists()
    assert not BuktiDukung.objects.exists()
    assert not path.exists()


class Sent(core.attachments.FileResponse):
    """The response class core.attachments builds during the test, so a response shows where it came from."""


def pdf(name: str = "bukti.pdf") -> ContentFile:
    return ContentFile(PDF, name=name)


def _private_downloads(admin_user) -> list[tuple[str, str, str]]:
    """Every view that hands out a stored private file, as (label, url, the name it is sent under)."""
    rapat = RapatFactory(status=Rapat.Status.SELESAI, ditutup_pada=timezone.now())
    lampiran = attachment_add(model=LampiranRapat, owner=rapat, file=pdf(), by=admin_user, keterangan="Materi")
    bukti_tl = attachment_add(
        model=BuktiTindakLanjut, owner=TindakLanjutFactory(rapat=rapat), file=pdf(), by=admin_user
    )
    bukti_rad = attachment_add(model=BuktiDukung, owner=RealisasiFactory(), file=pdf(), by=admin_user)
    bukti_eval = BuktiPenilaianFactory()
    job = LaporanJobFactory(status=LaporanJob.Status.SELESAI, diminta_oleh=admin_user, nama_berkas="laporan.pdf")
    job.berkas.save("laporan.pdf", ContentFile(PDF))
    ekspor = EksporRad.objects.create(diminta_oleh=admin_user, tahun=2025, status=EksporRad.Status.SELESAI)
    ekspor.berkas.save("rad-kla-2025.xlsx", ContentFile(b"PK\x03\x04"))
    return [
        ("bukti RAD", reverse("rad_kla:bukti_unduh", args=[bukti_rad.pk]), "bukti.pdf"),
        ("lampiran rapat", reverse("gugus_tugas:lampiran_rapat", args=[lampiran.pk]), "bukti.pdf"),
        ("bukti tindak lanjut", reverse("gugus_tugas:bukti_tindak_lanjut", args=[bukti_tl.pk]), "bukti.pdf"),
        ("bukti evaluasi", reverse("evaluasi:bukti_unduh", args=[bukti_eval.pk]), "bukti.pdf"),
        ("laporan", reverse("evaluasi:laporan_unduh", args=[job.pk]), "laporan.pdf"),
        ("ekspor RAD besar", reverse("rad_kla:ekspor_unduh", args=[ekspor.pk]), "rad-kla-2025.xlsx"),
    ]


def test_every_private_file_download_answers_through_the_one_response(client, admin_user, monkeypatch):
    monkeypatch.setattr(core.attachments, "FileResponse", Sent)
    client.force_login(admin_user)
    for label, url, filename in _private_downloads(admin_user):
        response = client.get(url)
        assert response.status_code == 200, label
        assert type(response) is Sent, label
        assert response["Content-Disposition"] == f'attachment; filename="{filename}"', label
        assert response["X-Content-Type-Options"] == "nosniff", label
        # Read through the test client, which closes the file without ending the test's connection.
        assert response.getvalue(), label


BEFORE = [
    ("rad_kla", "0005_ekspor_rad"),
    ("gugus_tugas", "0007_disperkim_kawasan_permukiman"),
    ("evaluasi", "0006_laporan_dikirim_pada"),
]
AFTER = [
    ("rad_kla", "0006_bukti_dukung_lampiran"),
    ("gugus_tugas", "0008_lampiran_rapat_bukti_tindak_lanjut_lampiran"),
    ("evaluasi", "0007_bukti_penilaian_lampiran"),
]


@pytest.mark.django_db(transaction=True)
def test_moving_onto_the_shared_attachment_keeps_existing_rows_and_columns():
    # Migrating needs a real transaction; an earlier transactional test may have flushed the framework data.
    kerangka_seed()
    by = UserFactory()
    rows = [
        BuktiDukungFactory(),
        attachment_add(model=LampiranRapat, owner=RapatFactory(), file=pdf("a.pdf"), by=by, keterangan="Materi"),
        attachment_add(model=BuktiTindakLanjut, owner=TindakLanjutFactory(), file=pdf("b.pdf"), by=by),
        BuktiPenilaianFactory(),
    ]
    tables = {type(row)._meta.db_table for row in rows}
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)

        def columns():
            with connection.cursor() as cursor:
                return {t: connection.introspection.get_table_description(cursor, t) for t in tables}

        before = columns()
        MigrationExecutor(connection).migrate(AFTER)
        assert columns() == before
        for row in rows:
            kept = type(row).objects.get(pk=row.pk)
            assert (kept.berkas.name, kept.nama_asli, kept.jenis_konten, kept.ukuran, kept.diunggah_oleh_id) == (
                row.berkas.name,
                row.nama_asli,
                row.jenis_konten,
                row.ukuran,
                row.diunggah_oleh_id,
            )
    finally:
        call_command("migrate", verbosity=0)
