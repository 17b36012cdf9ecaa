"""Meeting documents: uploaded by the secretariat under the evidence-file rules, read by members."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gugus_tugas.models import LampiranRapat, Rapat
from tests.gugus_tugas.factories import RapatFactory

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_secretariat_attaches_a_signed_attendance_scan_to_a_closed_meeting(client, admin_user, pimpinan):
    rapat = RapatFactory(status=Rapat.Status.SELESAI, ditutup_pada=timezone.now())
    client.force_login(admin_user)
    berkas = SimpleUploadedFile("daftar-hadir.png", PNG_BYTES, content_type="image/png")
    response = client.post(
        f"/rapat/{rapat.pk}/lampiran/", {"keterangan": "Daftar hadir bertanda tangan", "berkas": berkas}
    )
    assert response.status_code == 302
    lampiran = LampiranRapat.objects.get(rapat=rapat)
    assert lampiran.jenis_konten == "image/png" and "daftar-hadir" not in lampiran.berkas.name

    client.force_login(pimpinan)
    assert "Daftar hadir bertanda tangan" in client.get(f"/rapat/{rapat.pk}/").content.decode()
    download = client.get(f"/rapat/lampiran/{lampiran.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PNG_BYTES


def test_a_file_whose_content_does_not_match_its_name_is_refused_and_the_description_kept(client, admin_user):
    rapat = RapatFactory()
    client.force_login(admin_user)
    palsu = SimpleUploadedFile("materi.docx", b"bukan dokumen word", content_type="application/msword")
    html = client.post(f"/rapat/{rapat.pk}/lampiran/", {"keterangan": "Materi paparan Bappeda", "berkas": palsu})
    html = html.content.decode()
    assert "tidak sesuai dengan jenisnya" in html
    assert "Materi paparan Bappeda" in html
    assert not LampiranRapat.objects.exists()


def test_an_operator_cannot_upload_a_meeting_document(client, operator_dinkes):
    rapat = RapatFactory()
    client.force_login(operator_dinkes)
    berkas = SimpleUploadedFile("x.png", PNG_BYTES, content_type="image/png")
    assert client.post(f"/rapat/{rapat.pk}/lampiran/", {"keterangan": "x", "berkas": berkas}).status_code == 403
    assert not LampiranRapat.objects.exists()


def test_documents_of_a_draft_are_hidden_from_members(client, admin_user, operator_dinkes):
    rapat = RapatFactory(status=Rapat.Status.DRAFT)
    client.force_login(admin_user)
    berkas = SimpleUploadedFile("undangan.png", PNG_BYTES, content_type="image/png")
    client.post(f"/rapat/{rapat.pk}/lampiran/", {"keterangan": "Surat undangan", "berkas": berkas})
    lampiran = LampiranRapat.objects.get()
    assert client.get(f"/rapat/lampiran/{lampiran.pk}/").status_code == 200
    client.force_login(operator_dinkes)
    assert client.get(f"/rapat/lampiran/{lampiran.pk}/").status_code == 404
