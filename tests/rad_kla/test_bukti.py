"""Evidence files: checked by content and size, stored under random names, served only to readers."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.uploads import MAX_UPLOAD_BYTES
from rad_kla.models import BuktiDukung, Realisasi

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def office(kind: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{kind}/document.xml", "<doc/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def post(client, rencana, periode, *files, ajukan=False):
    data = {"nilai_capaian": "4", "realisasi_anggaran": "0", "narasi": "Kegiatan terlaksana", "berkas": list(files)}
    data["ajukan" if ajukan else "simpan"] = "1"
    return client.post(reverse("rad_kla:realisasi_isi", args=[rencana.pk, periode.pk]), data)


@pytest.mark.parametrize(
    ("name", "content"),
    [("laporan.pdf", PDF), ("foto.png", PNG), ("notulen.docx", office("word")), ("data.xlsx", office("xl"))],
)
def test_it_accepts_allowed_files_by_content(client, rencana, periode_terbuka, operator_dinkes, name, content):
    client.force_login(operator_dinkes)
    response = post(client, rencana, periode_terbuka, SimpleUploadedFile(name, content))
    assert response.status_code == 302
    bukti = BuktiDukung.objects.get()
    assert bukti.nama_asli == name
    assert name not in bukti.berkas.name  # stored under a random name
    assert bukti.berkas.name.startswith("bukti-rad/")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kosong.pdf", b"", "kosong"),
        ("palsu.pdf", b"MZ\x90\x00 this is an exe", "tidak sesuai"),
        ("skrip.exe", PDF, "tidak diizinkan"),
        ("gambar.pdf", PNG, "tidak sesuai"),
        ("tabel.xlsx", office("word"), "tidak sesuai"),
        ("halaman.html", b"<script>alert(1)</script>", "tidak diizinkan"),
    ],
)
def test_it_refuses_bad_files_and_keeps_the_form(
    client, rencana, periode_terbuka, operator_dinkes, name, content, message
):
    client.force_login(operator_dinkes)
    response = post(client, rencana, periode_terbuka, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Kegiatan terlaksana" in html
    assert not Realisasi.objects.exists() and not BuktiDukung.objects.exists()


def test_it_refuses_files_over_10_mb(client, rencana, periode_terbuka, operator_dinkes):
    client.force_login(operator_dinkes)
    big = SimpleUploadedFile("besar.pdf", PDF + b"0" * MAX_UPLOAD_BYTES)
    response = post(client, rencana, periode_terbuka, big)
    assert "terlalu besar" in response.content.decode()
    assert not BuktiDukung.objects.exists()


def test_download_is_an_attachment_with_nosniff(client, rencana, periode_terbuka, operator_dinkes, admin_user):
    client.force_login(operator_dinkes)
    post(client, rencana, periode_terbuka, SimpleUploadedFile("laporan.pdf", PDF))
    bukti = BuktiDukung.objects.get()
    # The secretariat, not the Pimpinan: evidence is for those who work on it (test_visibilitas.py).
    client.force_login(admin_user)
    response = client.get(reverse("rad_kla:bukti_unduh", args=[bukti.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_download_is_refused_to_case_workers(client, rencana, periode_terbuka, operator_dinkes, petugas_kasus):
    client.force_login(operator_dinkes)
    post(client, rencana, periode_terbuka, SimpleUploadedFile("laporan.pdf", PDF))
    client.force_login(petugas_kasus)
    assert client.get(reverse("rad_kla:bukti_unduh", args=[BuktiDukung.objects.get().pk])).status_code == 403


def test_files_are_not_served_from_a_public_url(client, rencana, periode_terbuka, operator_dinkes):
    client.force_login(operator_dinkes)
    post(client, rencana, periode_terbuka, SimpleUploadedFile("laporan.pdf", PDF))
    bukti = BuktiDukung.objects.get()
    assert client.get(f"/media/private/{bukti.berkas.name}").status_code == 404


def test_evidence_of_a_locked_realisation_cannot_be_deleted(
    client, rencana, periode_terbuka, operator_dinkes, koordinator_klaster3
):
    client.force_login(operator_dinkes)
    post(client, rencana, periode_terbuka, SimpleUploadedFile("laporan.pdf", PDF), ajukan=True)
    bukti = BuktiDukung.objects.get()
    response = client.post(reverse("rad_kla:bukti_hapus", args=[bukti.pk]))
    assert response.status_code == 302
    assert BuktiDukung.objects.filter(pk=bukti.pk).exists()


def test_owner_deletes_evidence_of_a_draft_and_the_file_goes(
    client, rencana, periode_terbuka, operator_dinkes, koordinator_klaster3, django_capture_on_commit_callbacks
):
    client.force_login(operator_dinkes)
    post(client, rencana, periode_terbuka, SimpleUploadedFile("laporan.pdf", PDF))
    bukti = BuktiDukung.objects.get()
    storage, name = bukti.berkas.storage, bukti.berkas.name
    client.force_login(koordinator_klaster3)
    assert client.post(reverse("rad_kla:bukti_hapus", args=[bukti.pk])).status_code == 403
    client.force_login(operator_dinkes)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rad_kla:bukti_hapus", args=[bukti.pk]))
    assert not BuktiDukung.objects.exists()
    assert not storage.exists(name)
    assert Decimal(Realisasi.objects.get().nilai_capaian) == Decimal("4")
