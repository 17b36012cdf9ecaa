"""Documents of a meeting: the minutes PDF (read back as text), the .ics invitation, the attendance sheet."""

import datetime
import shutil
import subprocess

import pytest
from django.utils import timezone

from gugus_tugas.models import AddendumNotulen, Kehadiran, Keputusan, LampiranRapat, ProfilDaerah, Rapat
from gugus_tugas.pdf import notulen_pdf
from gugus_tugas.selectors import rapat_get
from tests.gugus_tugas.factories import OPDFactory, RapatFactory, TindakLanjutFactory, UndanganFactory

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "notulen.pdf"
    path.write_bytes(data)
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    # Table cells wrap; compare on single spaces.
    return " ".join(result.stdout.split())


@pytest.fixture
def rapat_lengkap(db):
    ProfilDaerah.objects.create(
        nama_daerah="Metro",
        jenis="kota",
        provinsi="Lampung",
        kode="18.72",
        tahun_rad_mulai=2024,
        tahun_rad_selesai=2030,
    )
    rapat = RapatFactory(
        judul="Rakor Gugus Tugas KLA Menuju Predikat Utama",
        mulai=timezone.make_aware(datetime.datetime(2025, 11, 6, 9, 0)),
        selesai=timezone.make_aware(datetime.datetime(2025, 11, 6, 12, 0)),
        tempat="Ruang OR Setda Kota Metro",
        penyelenggara=OPDFactory(nama="Dinas PPPAPPKB", singkatan="DP3AP2KB-U"),
        notulen="Forum Anak dilibatkan dalam setiap tahap perencanaan.",
        status=Rapat.Status.SELESAI,
        ditutup_pada=timezone.now(),
    )
    rapat.agenda.create(urutan=1, uraian="Arahan Ketua Gugus Tugas")
    undangan = UndanganFactory(rapat=rapat, opd=OPDFactory(nama="Dinas Kesehatan Kota", singkatan="DKK"))
    Kehadiran.objects.create(undangan=undangan, status=Kehadiran.Status.HADIR, nama_hadir="dr. Ratna Dewi")
    Keputusan.objects.create(rapat=rapat, urutan=1, uraian="Lima klaster diperkuat.")
    TindakLanjutFactory(
        rapat=rapat,
        uraian="Lengkapi data Puskesmas Ramah Anak",
        opd=undangan.opd,
        batas_waktu=datetime.date(2026, 1, 31),
    )
    return rapat


def test_the_minutes_pdf_carries_the_meeting_attendance_and_follow_ups(rapat_lengkap, admin_user, tmp_path):
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) harus terpasang"
    AddendumNotulen.objects.create(rapat=rapat_lengkap, isi="Koreksi daftar hadir.", dibuat_oleh=admin_user)
    LampiranRapat.objects.create(
        rapat=rapat_lengkap,
        keterangan="Daftar hadir bertanda tangan",
        berkas="lampiran-rapat/2025/contoh.pdf",
        nama_asli="daftar-hadir.pdf",
        jenis_konten="application/pdf",
        ukuran=1024,
        diunggah_oleh=admin_user,
    )
    data = notulen_pdf(rapat=rapat_get(user=admin_user, pk=rapat_lengkap.pk))
    assert data.startswith(b"%PDF-")
    text = pdf_text(data, tmp_path)
    for expected in [
        "Kota Metro",
        "Rakor Gugus Tugas KLA Menuju Predikat Utama",
        "Kamis, 6 November 2025",
        "Arahan Ketua Gugus Tugas",
        "dr. Ratna Dewi",
        "Hadir",
        "Forum Anak dilibatkan",
        "Lima klaster diperkuat.",
        "Lengkapi data Puskesmas Ramah Anak",
        "31 Januari 2026",
        "Koreksi daftar hadir.",
        "Daftar hadir bertanda tangan",
        "Halaman 1 dari",
    ]:
        assert expected in text, expected


def test_the_pdf_embeds_the_vendored_noto_sans_font(rapat_lengkap, admin_user, tmp_path):
    data = notulen_pdf(rapat=rapat_get(user=admin_user, pk=rapat_lengkap.pk))
    path = tmp_path / "n.pdf"
    path.write_bytes(data)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    assert "Noto-Sans" in fonts and "Noto-Sans-Bold" in fonts


def test_a_member_downloads_the_minutes_pdf(client, rapat_lengkap, operator_dinkes, tmp_path):
    client.force_login(operator_dinkes)
    response = client.get(f"/rapat/{rapat_lengkap.pk}/notulen.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="notulen-rapat-{rapat_lengkap.pk}-20251106.pdf"'
    assert "Lengkapi data Puskesmas Ramah Anak" in pdf_text(response.content, tmp_path)


def test_a_case_worker_cannot_download_the_minutes(client, rapat_lengkap, petugas_kasus):
    client.force_login(petugas_kasus)
    assert client.get(f"/rapat/{rapat_lengkap.pk}/notulen.pdf").status_code == 403


def test_the_invitation_is_an_ics_event_in_utc(client, rapat_lengkap, pimpinan):
    client.force_login(pimpinan)
    response = client.get(f"/rapat/{rapat_lengkap.pk}/undangan.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "DTSTART:20251106T020000Z" in body  # 09.00 WIB
    assert "DTEND:20251106T050000Z" in body
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:Rakor Gugus Tugas KLA Menuju Predikat Utama" in unfolded
    assert "LOCATION:Ruang OR Setda Kota Metro" in unfolded
    assert "1. Arahan Ketua Gugus Tugas" in unfolded
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_the_ics_escapes_commas_and_semicolons(client, admin_user):
    rapat = RapatFactory(judul="Rapat A, B; C", tempat="Aula, lantai 2")
    client.force_login(admin_user)
    body = client.get(f"/rapat/{rapat.pk}/undangan.ics").content.decode().replace("\r\n ", "")
    assert "SUMMARY:Rapat A\\, B\\; C" in body
    assert "LOCATION:Aula\\, lantai 2" in body


def test_the_attendance_sheet_lists_every_invitee_for_printing(client, rapat_lengkap, koordinator_klaster3):
    UndanganFactory(rapat=rapat_lengkap, opd=OPDFactory(nama="Forum Anak Kota Metro"), nama="Ketua Forum Anak")
    client.force_login(koordinator_klaster3)
    html = client.get(f"/rapat/{rapat_lengkap.pk}/daftar-hadir/").content.decode()
    assert "DAFTAR HADIR" in html
    assert "Dinas Kesehatan Kota" in html and "Ketua Forum Anak" in html
    assert "Kamis, 6 November 2025" in html
    assert "data-cetak" in html and "onclick" not in html
