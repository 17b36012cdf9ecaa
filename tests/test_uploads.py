"""Every upload form checks files by content and size and keeps hostile names out of paths; every download is an
attachment the browser may not sniff."""

import datetime
from decimal import Decimal
from email.message import Message
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.uploads import MAX_UPLOAD_BYTES
from evaluasi.models import BuktiPenilaian, LaporanJob
from gugus_tugas.models import BuktiTindakLanjut, LampiranRapat, Rapat
from klaster.models import Indikator
from rad_kla.models import BuktiDukung
from tests.evaluasi.factories import BuktiPenilaianFactory, LaporanJobFactory
from tests.gugus_tugas.factories import RapatFactory, TindakLanjutFactory
from tests.kasus.factories import KasusFactory, KorbanFactory
from tests.rad_kla.factories import PeriodeFactory, RencanaAksiFactory, TargetTahunanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML_AS_PDF = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
BOUNDARY = "batas-uji-unggah"


@pytest.fixture(params=["rad", "rapat", "tindak_lanjut", "evaluasi"])
def form(request, opd_dinkes, operator_dinkes, admin_user, koordinator_klaster3):
    """An upload form: who posts, where, the other fields, the evidence model and its storage folder."""
    if request.param == "rad":
        rencana = RencanaAksiFactory(opd=opd_dinkes)
        TargetTahunanFactory(rencana_aksi=rencana, tahun=2025, target=Decimal("10"))
        periode = PeriodeFactory(tahun=2025, nomor=3, terbuka=True)
        url = reverse("rad_kla:realisasi_isi", args=[rencana.pk, periode.pk])
        data = {"nilai_capaian": "4", "realisasi_anggaran": "0", "narasi": "Kegiatan terlaksana", "simpan": "1"}
        return operator_dinkes, url, data, BuktiDukung, "bukti-rad"
    if request.param == "rapat":
        rapat = RapatFactory(status=Rapat.Status.SELESAI, ditutup_pada=timezone.now())
        url = reverse("gugus_tugas:rapat_lampiran", args=[rapat.pk])
        return admin_user, url, {"keterangan": "Daftar hadir"}, LampiranRapat, "lampiran-rapat"
    if request.param == "tindak_lanjut":
        item = TindakLanjutFactory(opd=opd_dinkes)
        url = reverse("gugus_tugas:tindak_lanjut_detail", args=[item.pk])
        return (
            operator_dinkes,
            url,
            {"status": "proses", "catatan": "Sedang dihimpun"},
            BuktiTindakLanjut,
            ("bukti-tindak-lanjut"),
        )
    indikator = Indikator.objects.get(kode="14")
    url = reverse("evaluasi:indikator", args=[2025, indikator.pk])
    data = {"skor": "10", "narasi": "Puskesmas ramah anak", "keterangan_berkas": "SK"}
    return koordinator_klaster3, url, data, BuktiPenilaian, "bukti-evaluasi"


def multipart(data: dict, filename: str, content: bytes) -> bytes:
    """A request body with the file name exactly as a hostile client sends it (the test client strips paths)."""
    parts = []
    for key, value in data.items():
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="berkas"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


def test_html_named_pdf_is_refused(client, form):
    user, url, data, model, _folder = form
    client.force_login(user)
    response = client.post(url, {**data, "berkas": SimpleUploadedFile("laporan.pdf", HTML_AS_PDF, "application/pdf")})
    assert response.status_code == 200
    assert "tidak sesuai dengan jenisnya" in response.content.decode()
    assert not model.objects.exists()


def test_files_over_the_limit_are_refused(client, form):
    user, url, data, model, _folder = form
    client.force_login(user)
    big = SimpleUploadedFile("besar.pdf", PDF + b"0" * MAX_UPLOAD_BYTES, "application/pdf")
    response = client.post(url, {**data, "berkas": big})
    assert response.status_code == 200
    assert "terlalu besar" in response.content.decode()
    assert not model.objects.exists()


@pytest.mark.parametrize("hostile_name", ["../../../../evil.pdf", "..\\..\\..\\evil.pdf", "/etc/../evil.pdf"])
def test_a_path_in_the_file_name_never_reaches_the_disk(client, form, hostile_name):
    user, url, data, model, folder = form
    client.force_login(user)
    body = multipart(data, hostile_name, PDF)
    response = client.post(url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert response.status_code == 302
    bukti = model.objects.get()
    assert bukti.nama_asli == "evil.pdf"
    assert bukti.berkas.name.startswith(f"{folder}/") and ".." not in bukti.berkas.name
    stored = Path(bukti.berkas.path).resolve()
    assert stored.is_relative_to((Path(settings.MEDIA_ROOT) / "private" / folder).resolve())
    assert "evil" not in stored.name
    root = Path(bukti.berkas.storage.location)
    assert not any((parent / "evil.pdf").exists() for parent in (root, *root.parents))


def _downloads(client, admin_user, opd_dinkes):
    """Every view that hands out a file, as (label, url)."""
    rapat = RapatFactory(status=Rapat.Status.SELESAI, ditutup_pada=timezone.now())
    lampiran = LampiranRapat.objects.create(
        rapat=rapat,
        keterangan="Materi",
        berkas=ContentFile(PDF, name="materi.pdf"),
        nama_asli='materi "akhir"; x.pdf',
        jenis_konten="application/pdf",
        ukuran=len(PDF),
        diunggah_oleh=admin_user,
    )
    tindak_lanjut = TindakLanjutFactory(rapat=rapat, opd=opd_dinkes)
    bukti_tl = BuktiTindakLanjut.objects.create(
        tindak_lanjut=tindak_lanjut,
        berkas=ContentFile(PDF, name="bukti.pdf"),
        nama_asli="bukti.pdf",
        jenis_konten="application/pdf",
        ukuran=len(PDF),
        diunggah_oleh=admin_user,
    )
    rencana = RencanaAksiFactory(opd=opd_dinkes)
    periode = PeriodeFactory(tahun=2025, nomor=3, terbuka=True)
    client.post(
        reverse("rad_kla:realisasi_isi", args=[rencana.pk, periode.pk]),
        {
            "nilai_capaian": "4",
            "realisasi_anggaran": "0",
            "narasi": "x",
            "simpan": "1",
            "berkas": SimpleUploadedFile("laporan.pdf", PDF, "application/pdf"),
        },
    )
    bukti_rad = BuktiDukung.objects.get()
    bukti_eval = BuktiPenilaianFactory()
    job = LaporanJobFactory(status=LaporanJob.Status.SELESAI, diminta_oleh=admin_user, nama_berkas="laporan.pdf")
    job.berkas.save("laporan.pdf", ContentFile(PDF))
    KorbanFactory(kasus=KasusFactory(tanggal_lapor=datetime.date(2025, 3, 10)))
    return [
        ("bukti RAD", reverse("rad_kla:bukti_unduh", args=[bukti_rad.pk])),
        ("lampiran rapat", reverse("gugus_tugas:lampiran_rapat", args=[lampiran.pk])),
        ("bukti tindak lanjut", reverse("gugus_tugas:bukti_tindak_lanjut", args=[bukti_tl.pk])),
        ("bukti evaluasi", reverse("evaluasi:bukti_unduh", args=[bukti_eval.pk])),
        ("laporan", reverse("evaluasi:laporan_unduh", args=[job.pk])),
        ("notulen PDF", reverse("gugus_tugas:rapat_notulen_pdf", args=[rapat.pk])),
        ("undangan ICS", reverse("gugus_tugas:rapat_ics", args=[rapat.pk])),
        ("ekspor RAD", reverse("rad_kla:ekspor")),
        ("templat impor RAD", reverse("rad_kla:templat_impor")),
        ("ekspor kasus CSV", reverse("kasus:ekspor") + "?format=csv"),
        ("ekspor kasus XLSX", reverse("kasus:ekspor") + "?format=xlsx"),
    ]


def test_every_download_is_an_attachment_that_is_not_sniffed(client, admin_user, operator_dinkes, opd_dinkes):
    # The admin posts the RAD evidence as its operator would; everything else the admin may download.
    client.force_login(operator_dinkes)
    downloads = _downloads(client, admin_user, opd_dinkes)
    client.force_login(admin_user)
    for label, url in downloads:
        response = client.get(url)
        assert response.status_code == 200, label
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;"), label
        assert "\n" not in disposition and "\r" not in disposition, label
        assert response["X-Content-Type-Options"] == "nosniff", label
        assert not response["Content-Type"].startswith("text/html"), label


def test_a_quote_in_the_original_name_cannot_break_the_header(client, admin_user):
    rapat = RapatFactory(status=Rapat.Status.SELESAI, ditutup_pada=timezone.now())
    lampiran = LampiranRapat.objects.create(
        rapat=rapat,
        keterangan="Materi",
        berkas=ContentFile(PDF, name="materi.pdf"),
        nama_asli='materi "akhir"; filename=evil.html',
        jenis_konten="application/pdf",
        ukuran=len(PDF),
        diunggah_oleh=admin_user,
    )
    client.force_login(admin_user)
    disposition = client.get(reverse("gugus_tugas:lampiran_rapat", args=[lampiran.pk]))["Content-Disposition"]
    header = Message()
    header["Content-Disposition"] = disposition
    assert header.get_content_disposition() == "attachment"
    assert header.get_filename() == 'materi "akhir"; filename=evil.html'
