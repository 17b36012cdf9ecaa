"""Meetings: the secretariat's journey from draft to closed minutes, the list, and who sees what."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gugus_tugas.models import AddendumNotulen, Kehadiran, Rapat, TindakLanjut
from gugus_tugas.selectors import rapat_list
from tests.gugus_tugas.factories import (
    OPDFactory,
    RapatFactory,
    TindakLanjutFactory,
    UndanganFactory,
    kehadiran_form_data,
)

pytestmark = pytest.mark.django_db


def rapat_form_data(penyelenggara, **overrides) -> dict:
    data = {
        "jenis": Rapat.Jenis.RAKOR,
        "judul": "Rakor Gugus Tugas KLA Semester II",
        "mulai": "2025-11-06T09:00",
        "selesai": "2025-11-06T12:00",
        "tempat": "Ruang OR Setda Kota Metro",
        "penyelenggara": penyelenggara.pk,
        "pimpinan_rapat": "Sekretaris Daerah",
        "klaster": "",
        "agenda": "Pembukaan\nPaparan capaian KLA\n\nPembagian tugas",
        "opd_diundang": [penyelenggara.pk],
    }
    data.update(overrides)
    return data


def test_secretariat_runs_a_meeting_from_draft_to_closed_minutes(client, admin_user, opd_dinkes):
    sekretariat = OPDFactory(nama="DP3AP2KB Uji", singkatan="DP3U")
    client.force_login(admin_user)

    response = client.post("/rapat/baru/", rapat_form_data(sekretariat, opd_diundang=[sekretariat.pk, opd_dinkes.pk]))
    assert response.status_code == 302
    rapat = Rapat.objects.get(judul="Rakor Gugus Tugas KLA Semester II")
    assert rapat.status == Rapat.Status.DRAFT
    assert [a.uraian for a in rapat.agenda.all()] == ["Pembukaan", "Paparan capaian KLA", "Pembagian tugas"]
    assert rapat.undangan.count() == 2
    assert rapat.dibuat_oleh == admin_user

    client.post(f"/rapat/{rapat.pk}/jadwalkan/")
    rapat.refresh_from_db()
    assert rapat.status == Rapat.Status.TERJADWAL

    client.post(f"/rapat/{rapat.pk}/undangan/", {"opd": sekretariat.pk, "nama": "Sri Wahyuni", "jabatan": "Analis"})
    undangan_dinkes = rapat.undangan.get(opd=opd_dinkes)
    undangan_sekretariat = rapat.undangan.get(opd=sekretariat, nama="")
    response = client.post(
        f"/rapat/{rapat.pk}/kehadiran/",
        kehadiran_form_data(
            [
                {"undangan": undangan_dinkes.pk, "status": Kehadiran.Status.DIWAKILI, "nama_hadir": "Andi Pratama"},
                {"undangan": undangan_sekretariat.pk, "status": Kehadiran.Status.HADIR, "nama_hadir": "Kepala Dinas"},
            ]
        ),
        follow=True,
    )
    assert "Kehadiran 2 peserta dicatat." in response.content.decode()
    client.post(f"/rapat/{rapat.pk}/notulen/", {"notulen": "Peserta menyepakati penguatan lima klaster."})
    client.post(f"/rapat/{rapat.pk}/keputusan/", {"jenis": "keputusan", "uraian": "Forum Anak dilibatkan."})
    client.post(
        f"/rapat/{rapat.pk}/tindak-lanjut/",
        {"uraian": "Lengkapi data Puskesmas Ramah Anak", "opd": opd_dinkes.pk, "batas_waktu": "2025-12-31"},
    )
    response = client.post(f"/rapat/{rapat.pk}/tutup/", follow=True)
    assert "notulen kini terkunci" in response.content.decode()

    rapat.refresh_from_db()
    assert rapat.status == Rapat.Status.SELESAI and rapat.ditutup_oleh == admin_user
    assert rapat.undangan.get(nama="Sri Wahyuni").opd == sekretariat
    assert not hasattr(rapat.undangan.get(nama="Sri Wahyuni"), "kehadiran")
    assert undangan_dinkes.kehadiran.nama_hadir == "Andi Pratama"
    html = client.get(f"/rapat/{rapat.pk}/").content.decode()
    for text in [
        "6 November 2025",
        "Paparan capaian KLA",
        "Diwakili",
        "Peserta menyepakati penguatan lima klaster.",
        "Forum Anak dilibatkan.",
        "Lengkapi data Puskesmas Ramah Anak",
        "31 Desember 2025",
    ]:
        assert text in html, text
    assert 'name="notulen"' not in html
    assert 'name="isi"' in html


def test_a_closed_meetings_minutes_take_a_dated_addendum_instead_of_edits(client, admin_user):
    rapat = RapatFactory(status=Rapat.Status.SELESAI, notulen="Notulen asli.", ditutup_pada=timezone.now())
    client.force_login(admin_user)
    response = client.post(f"/rapat/{rapat.pk}/notulen/", {"notulen": "Notulen yang diubah diam-diam."})
    html = response.content.decode()
    assert "notulen terkunci" in html
    assert "Notulen yang diubah diam-diam." in html  # kept, as the draft of an addendum
    rapat.refresh_from_db()
    assert rapat.notulen == "Notulen asli."

    client.post(f"/rapat/{rapat.pk}/addendum/", {"isi": "Koreksi: jumlah peserta 24 orang."})
    addendum = AddendumNotulen.objects.get(rapat=rapat)
    assert addendum.dibuat_oleh == admin_user
    assert addendum.dibuat_pada.date() == timezone.now().date()
    html = client.get(f"/rapat/{rapat.pk}/").content.decode()
    assert "Koreksi: jumlah peserta 24 orang." in html and "Notulen asli." in html


def test_a_closed_meeting_cannot_be_edited(client, admin_user):
    rapat = RapatFactory(status=Rapat.Status.SELESAI, ditutup_pada=timezone.now(), judul="Judul lama")
    client.force_login(admin_user)
    response = client.post(f"/rapat/{rapat.pk}/ubah/", rapat_form_data(rapat.penyelenggara, judul="Judul baru"))
    assert response.status_code == 302
    rapat.refresh_from_db()
    assert rapat.judul == "Judul lama"


def test_an_open_meeting_can_be_edited_and_its_agenda_reordered(client, admin_user):
    rapat = RapatFactory(status=Rapat.Status.DRAFT)
    client.force_login(admin_user)
    form = client.get(f"/rapat/{rapat.pk}/ubah/").content.decode()
    assert rapat.judul in form
    response = client.post(
        f"/rapat/{rapat.pk}/ubah/", rapat_form_data(rapat.penyelenggara, judul="Rapat diganti", agenda="B\nA")
    )
    assert response.status_code == 302
    rapat.refresh_from_db()
    assert rapat.judul == "Rapat diganti"
    assert [(a.urutan, a.uraian) for a in rapat.agenda.all()] == [(1, "B"), (2, "A")]


def test_a_meeting_needs_an_invitation_before_it_is_scheduled(client, admin_user):
    rapat = RapatFactory(status=Rapat.Status.DRAFT)
    client.force_login(admin_user)
    response = client.post(f"/rapat/{rapat.pk}/jadwalkan/", follow=True)
    assert "paling sedikit satu undangan" in response.content.decode()
    rapat.refresh_from_db()
    assert rapat.status == Rapat.Status.DRAFT


def test_a_meeting_without_minutes_cannot_be_closed(client, admin_user):
    rapat = RapatFactory(notulen="")
    client.force_login(admin_user)
    response = client.post(f"/rapat/{rapat.pk}/tutup/", follow=True)
    assert "Tuliskan notulen sebelum menutup rapat" in response.content.decode()
    rapat.refresh_from_db()
    assert rapat.status == Rapat.Status.TERJADWAL


def test_the_list_searches_filters_and_says_when_nothing_matches(client, pimpinan):
    RapatFactory(judul="FGD Sinergitas Kejari", jenis=Rapat.Jenis.FGD)
    RapatFactory(judul="Rakor Gugus Tugas November")
    client.force_login(pimpinan)
    html = client.get("/rapat/").content.decode()
    assert "FGD Sinergitas Kejari" in html and "Rakor Gugus Tugas November" in html
    html = client.get("/rapat/", {"jenis": "fgd"}).content.decode()
    assert "FGD Sinergitas Kejari" in html and "Rakor Gugus Tugas November" not in html
    html = client.get("/rapat/", {"q": "kejari"}).content.decode()
    assert "FGD Sinergitas Kejari" in html and "Rakor Gugus Tugas November" not in html
    assert "Tidak ada rapat yang cocok" in client.get("/rapat/", {"q": "tidak-ada"}).content.decode()


def test_the_empty_list_says_there_are_no_meetings_yet(client, pimpinan):
    client.force_login(pimpinan)
    assert "Belum ada rapat tercatat" in client.get("/rapat/").content.decode()


def test_the_list_paginates_and_keeps_the_filter(client, admin_user):
    for n in range(30):
        RapatFactory(judul=f"Rapat Klaster Rutin {n:02d}", jenis=Rapat.Jenis.KLASTER)
    client.force_login(admin_user)
    html = client.get("/rapat/", {"jenis": "klaster"}).content.decode()
    assert "Halaman 1 dari 2" in html
    assert "jenis=klaster&amp;page=2" in html


def test_drafts_are_listed_only_for_the_secretariat(client, admin_user, operator_dinkes):
    RapatFactory(judul="Rapat masih draf", status=Rapat.Status.DRAFT)
    client.force_login(operator_dinkes)
    assert "Rapat masih draf" not in client.get("/rapat/").content.decode()
    client.force_login(admin_user)
    assert "Rapat masih draf" in client.get("/rapat/").content.decode()


def test_overdue_follow_ups_are_counted_on_the_list(client, pimpinan):
    rapat = RapatFactory()
    TindakLanjutFactory(rapat=rapat, batas_waktu=timezone.localdate() - datetime.timedelta(days=3))
    TindakLanjutFactory(rapat=rapat)
    client.force_login(pimpinan)
    html = client.get("/rapat/").content.decode()
    assert "1 terlambat" in html


def test_each_meeting_counts_only_its_own_invitations_and_follow_ups(admin_user):
    a, b = RapatFactory(), RapatFactory()
    for _ in range(3):
        UndanganFactory(rapat=a)
    UndanganFactory(rapat=b)
    lewat = timezone.localdate() - datetime.timedelta(days=3)
    TindakLanjutFactory(rapat=a, batas_waktu=lewat)
    TindakLanjutFactory(rapat=a, batas_waktu=lewat, status=TindakLanjut.Status.SELESAI)
    TindakLanjutFactory(rapat=a)
    rows = rapat_list(user=admin_user)
    counts = {r.pk: (r.jumlah_undangan, r.jumlah_tindak_lanjut, r.jumlah_terlambat) for r in rows}
    assert counts == {a.pk: (3, 3, 1), b.pk: (1, 0, 0)}


def test_rapat_list_query_count_does_not_grow(client, admin_user):
    client.force_login(admin_user)
    for _ in range(2):
        TindakLanjutFactory(rapat=RapatFactory())
    client.get("/rapat/")
    with CaptureQueriesContext(connection) as small:
        client.get("/rapat/")
    for _ in range(15):
        rapat = RapatFactory(penyelenggara=OPDFactory())
        UndanganFactory(rapat=rapat)
        TindakLanjutFactory(rapat=rapat, batas_waktu=timezone.localdate() - datetime.timedelta(days=1))
    with CaptureQueriesContext(connection) as large:
        client.get("/rapat/")
    assert len(large) == len(small)


def test_meeting_detail_query_count_does_not_grow(client, admin_user):
    rapat = RapatFactory()
    client.force_login(admin_user)
    client.get(f"/rapat/{rapat.pk}/")
    with CaptureQueriesContext(connection) as small:
        client.get(f"/rapat/{rapat.pk}/")
    for _ in range(10):
        Kehadiran.objects.create(undangan=UndanganFactory(rapat=rapat), status=Kehadiran.Status.HADIR)
        TindakLanjutFactory(rapat=rapat)
    with CaptureQueriesContext(connection) as large:
        client.get(f"/rapat/{rapat.pk}/")
    assert len(large) == len(small)
    assert TindakLanjut.objects.filter(rapat=rapat).count() == 10
