"""Bad input to a meeting is refused in plain Indonesian and what the user typed stays in the form."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gugus_tugas.models import Kehadiran, Rapat, TindakLanjut
from gugus_tugas.services import kehadiran_set, notulen_update, tindak_lanjut_create
from klaster.models import Indikator, Klaster
from tests.gugus_tugas.factories import OPDFactory, RapatFactory, UndanganFactory, kehadiran_form_data

pytestmark = pytest.mark.django_db


def test_a_due_date_before_the_meeting_is_refused_and_the_form_keeps_its_text(client, admin_user, opd_dinkes):
    rapat = RapatFactory()
    client.force_login(admin_user)
    response = client.post(
        f"/rapat/{rapat.pk}/tindak-lanjut/",
        {"uraian": "Susun profil anak kelurahan", "opd": opd_dinkes.pk, "batas_waktu": "2025-11-01"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Batas waktu 1 November 2025 tidak boleh sebelum tanggal rapat 6 November 2025." in html
    assert "Susun profil anak kelurahan" in html
    assert 'value="2025-11-01"' in html
    assert not TindakLanjut.objects.exists()


def test_a_follow_up_without_an_owner_is_refused(client, admin_user):
    rapat = RapatFactory()
    client.force_login(admin_user)
    response = client.post(
        f"/rapat/{rapat.pk}/tindak-lanjut/", {"uraian": "Tanpa pemilik", "opd": "", "batas_waktu": "2025-12-01"}
    )
    html = response.content.decode()
    assert "Pilih OPD penanggung jawab tindak lanjut." in html
    assert "Tanpa pemilik" in html
    assert not TindakLanjut.objects.exists()


def test_the_service_also_refuses_a_follow_up_without_an_owner(admin_user):
    with pytest.raises(ValidationError, match="Pilih OPD penanggung jawab"):
        tindak_lanjut_create(
            rapat=RapatFactory(), uraian="x", opd=None, batas_waktu=timezone.localdate(), by=admin_user
        )


def test_an_indicator_outside_the_chosen_cluster_is_refused(admin_user):
    with pytest.raises(ValidationError, match="tidak termasuk klaster"):
        tindak_lanjut_create(
            rapat=RapatFactory(),
            uraian="x",
            opd=OPDFactory(),
            batas_waktu=timezone.localdate(),
            klaster=Klaster.objects.get(kode="III"),
            indikator=Indikator.objects.get(kode="19"),
            by=admin_user,
        )


def test_an_indicator_alone_fills_in_its_cluster(admin_user):
    item = tindak_lanjut_create(
        rapat=RapatFactory(),
        uraian="x",
        opd=OPDFactory(),
        batas_waktu=timezone.localdate(),
        indikator=Indikator.objects.get(kode="14"),
        by=admin_user,
    )
    assert item.klaster.kode == "III"


def test_attendance_for_someone_not_invited_is_refused(client, admin_user):
    rapat = RapatFactory()
    diundang = UndanganFactory(rapat=rapat)
    orang_lain = UndanganFactory(rapat=RapatFactory())
    client.force_login(admin_user)
    response = client.post(
        f"/rapat/{rapat.pk}/kehadiran/",
        kehadiran_form_data(
            [
                {"undangan": diundang.pk, "status": Kehadiran.Status.HADIR, "nama_hadir": "Sri Wahyuni"},
                {"undangan": orang_lain.pk, "status": Kehadiran.Status.HADIR, "nama_hadir": "Budi Santoso"},
            ]
        ),
    )
    html = response.content.decode()
    assert "tidak ada dalam daftar undangan rapat ini" in html
    assert "Budi Santoso" in html and "Sri Wahyuni" in html
    assert not Kehadiran.objects.exists()


def test_the_service_refuses_attendance_for_an_invitation_of_another_meeting(admin_user):
    rapat = RapatFactory()
    with pytest.raises(ValidationError, match="tidak ada dalam daftar undangan"):
        kehadiran_set(
            rapat=rapat, undangan=UndanganFactory(rapat=RapatFactory()), status=Kehadiran.Status.HADIR, by=admin_user
        )


def test_a_representative_needs_a_name(client, admin_user):
    rapat = RapatFactory()
    undangan = UndanganFactory(rapat=rapat)
    client.force_login(admin_user)
    hadir = UndanganFactory(rapat=rapat)
    response = client.post(
        f"/rapat/{rapat.pk}/kehadiran/",
        kehadiran_form_data(
            [
                {"undangan": hadir.pk, "status": Kehadiran.Status.HADIR, "nama_hadir": "Sri Wahyuni"},
                {"undangan": undangan.pk, "status": Kehadiran.Status.DIWAKILI, "keterangan": "Kepala dinas dinas luar"},
            ]
        ),
    )
    html = response.content.decode()
    assert "Tuliskan nama wakil yang hadir." in html
    assert "Kepala dinas dinas luar" in html
    assert not Kehadiran.objects.exists()  # all or nothing


def test_the_service_refuses_to_change_closed_minutes(admin_user):
    rapat = RapatFactory(status=Rapat.Status.SELESAI, notulen="Asli", ditutup_pada=timezone.now())
    with pytest.raises(ValidationError, match="sudah ditutup"):
        notulen_update(rapat=rapat, notulen="Ubah", by=admin_user)


def test_a_decision_cannot_be_added_to_a_closed_meeting_and_the_user_is_told(client, admin_user):
    rapat = RapatFactory(status=Rapat.Status.SELESAI, ditutup_pada=timezone.now())
    client.force_login(admin_user)
    html = client.post(f"/rapat/{rapat.pk}/keputusan/", {"jenis": "keputusan", "uraian": "Telat"}).content.decode()
    assert "sudah ditutup" in html
    assert not rapat.keputusan.exists()


def test_a_meeting_ending_before_it_starts_is_refused_and_the_form_is_kept(client, admin_user):
    opd = OPDFactory()
    client.force_login(admin_user)
    response = client.post(
        "/rapat/baru/",
        {
            "jenis": "fgd",
            "judul": "FGD Sinergitas",
            "mulai": "2025-12-11T13:00",
            "selesai": "2025-12-11T09:00",
            "tempat": "Sessat Agung Bumi Sai Wawai",
            "penyelenggara": opd.pk,
            "agenda": "Mekanisme pelaporan kasus anak",
        },
    )
    html = response.content.decode()
    assert "Waktu selesai tidak boleh sebelum waktu mulai rapat." in html
    assert "Sessat Agung Bumi Sai Wawai" in html and "Mekanisme pelaporan kasus anak" in html
    assert not Rapat.objects.exists()


def test_a_meeting_without_a_start_time_is_refused_in_indonesian(client, admin_user):
    client.force_login(admin_user)
    html = client.post("/rapat/baru/", {"jenis": "rakor", "judul": "Tanpa waktu"}).content.decode()
    assert "Isi tanggal dan jam mulai rapat." in html
    assert "Tanpa waktu" in html


def test_a_blank_status_clears_an_earlier_attendance_record(client, admin_user):
    rapat = RapatFactory()
    undangan = UndanganFactory(rapat=rapat)
    Kehadiran.objects.create(undangan=undangan, status=Kehadiran.Status.HADIR)
    client.force_login(admin_user)
    client.post(f"/rapat/{rapat.pk}/kehadiran/", kehadiran_form_data([{"undangan": undangan.pk, "status": ""}]))
    assert not Kehadiran.objects.filter(undangan=undangan).exists()
