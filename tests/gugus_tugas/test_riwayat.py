"""The audit trail of meetings and follow-ups: who changed what and when, shown to the secretariat."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gugus_tugas.models import Rapat, TindakLanjut
from tests.gugus_tugas.factories import (
    OPDFactory,
    RapatFactory,
    TindakLanjutFactory,
    UndanganFactory,
    kehadiran_form_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rapat(admin_user, opd_dinkes):
    rapat = RapatFactory(judul="Rakor Riwayat Uji", notulen="")
    UndanganFactory(rapat=rapat, opd=opd_dinkes)
    return rapat


def panel_text(response) -> str:
    """The audit panel as the reader sees it: text only, spaces collapsed."""
    panel = response.content.decode().split('data-testid="riwayat-rapat"')[1].split("</table>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", panel).split())


def admin_changes(client, admin_user, rapat, opd_dinkes) -> None:
    client.force_login(admin_user)
    client.post(f"/rapat/{rapat.pk}/notulen/", {"notulen": "Rapat membahas profil anak."})
    undangan = rapat.undangan.get()
    client.post(
        f"/rapat/{rapat.pk}/kehadiran/",
        kehadiran_form_data([{"undangan": undangan.pk, "status": "hadir", "nama_hadir": "", "keterangan": ""}]),
    )
    client.post(
        f"/rapat/{rapat.pk}/tindak-lanjut/",
        {"uraian": "Perbarui data profil anak", "opd": opd_dinkes.pk, "batas_waktu": "2025-12-31"},
    )
    client.post(f"/rapat/{rapat.pk}/tutup/")


def test_the_secretariat_sees_who_changed_the_meeting_and_what(client, admin_user, rapat, opd_dinkes):
    admin_changes(client, admin_user, rapat, opd_dinkes)

    response = client.get(f"/rapat/{rapat.pk}/")

    panel = panel_text(response)
    assert "Notulen: – → Rapat membahas profil anak." in panel
    assert "Status: Terjadwal → Selesai" in panel
    assert "Kehadiran Dinas Kesehatan dibuat" in panel
    assert "Tindak lanjut: Perbarui data profil anak dibuat" in panel
    assert str(admin_user) in panel
    assert response.context["riwayat"][0].objek == "Rapat"


def test_the_panel_names_the_operator_who_updated_a_follow_up(client, admin_user, operator_dinkes, opd_dinkes):
    item = TindakLanjutFactory(opd=opd_dinkes, uraian="Kirim data imunisasi")
    client.force_login(operator_dinkes)
    client.post(f"/tindak-lanjut/{item.pk}/", {"status": "selesai", "catatan": "Data dikirim."})

    client.force_login(admin_user)
    panel = panel_text(client.get(f"/rapat/{item.rapat_id}/"))

    assert str(operator_dinkes) in panel
    assert "Status: Belum → Selesai" in panel
    assert "Catatan: – → Data dikirim." in panel


@pytest.mark.parametrize("role", ["pimpinan", "koordinator_klaster3", "operator_dinkes"])
def test_other_roles_do_not_see_the_meeting_audit_trail(client, request, admin_user, rapat, opd_dinkes, role):
    admin_changes(client, admin_user, rapat, opd_dinkes)
    client.force_login(request.getfixturevalue(role))

    response = client.get(f"/rapat/{rapat.pk}/")

    assert response.status_code == 200
    assert response.context["riwayat"] is None
    assert 'data-testid="riwayat-rapat"' not in response.content.decode()


def test_the_follow_up_page_lists_each_change_with_old_and_new_value(client, operator_dinkes, opd_dinkes):
    item = TindakLanjutFactory(opd=opd_dinkes)
    client.force_login(operator_dinkes)
    client.post(f"/tindak-lanjut/{item.pk}/", {"status": "proses", "catatan": "Sedang disusun."})
    client.post(f"/tindak-lanjut/{item.pk}/", {"status": "selesai", "catatan": "Sudah terbit."})

    response = client.get(f"/tindak-lanjut/{item.pk}/")

    entries = response.context["riwayat"]
    assert [entry.aksi for entry in entries] == ["diubah", "diubah", "dibuat"]
    assert "Status: Proses → Selesai" in entries[0].perubahan
    assert "Catatan: Sedang disusun. → Sudah terbit." in entries[0].perubahan
    assert entries[0].oleh == operator_dinkes


def test_the_audit_panel_costs_the_same_queries_however_long_the_history(client, admin_user, rapat, opd_dinkes):
    client.force_login(admin_user)
    client.post(f"/rapat/{rapat.pk}/notulen/", {"notulen": "Versi 1"})
    with CaptureQueriesContext(connection) as short:
        client.get(f"/rapat/{rapat.pk}/")
    for version in range(2, 12):
        client.post(f"/rapat/{rapat.pk}/notulen/", {"notulen": f"Versi {version}"})
        client.post(f"/rapat/{rapat.pk}/keputusan/", {"jenis": "keputusan", "uraian": f"Keputusan {version}"})
        TindakLanjutFactory(rapat=rapat, opd=opd_dinkes)
    with CaptureQueriesContext(connection) as long:
        response = client.get(f"/rapat/{rapat.pk}/")

    # Created: meeting, invitation; then 11 minutes versions, 10 decisions, 10 follow-ups.
    assert len(response.context["riwayat"]) == 2 + 11 + 10 + 10
    assert len(long) == len(short)


def test_the_django_admin_shows_meeting_and_follow_up_history_read_only(client, admin_user, rapat, opd_dinkes):
    admin_changes(client, admin_user, rapat, opd_dinkes)
    item = TindakLanjut.objects.get(rapat=rapat)

    history = client.get(f"/admin/gugus_tugas/rapat/{rapat.pk}/history/")
    assert history.status_code == 200
    assert admin_user.username in history.content.decode()
    assert Rapat.history.filter(id=rapat.pk).count() >= 3
    assert client.get(f"/admin/gugus_tugas/tindaklanjut/{item.pk}/history/").status_code == 200
    # Read-only: edits go through the meeting pages, whose services keep closed minutes locked.
    change = client.post(f"/admin/gugus_tugas/rapat/{rapat.pk}/change/", {"judul": "Diubah lewat admin"})
    assert change.status_code in (200, 403)
    rapat.refresh_from_db()
    assert rapat.judul == "Rakor Riwayat Uji"


def test_an_operator_cannot_open_the_admin_history(client, operator_dinkes, rapat):
    client.force_login(operator_dinkes)

    response = client.get(f"/admin/gugus_tugas/rapat/{rapat.pk}/history/")

    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_invitations_added_and_withdrawn_are_in_the_audit_trail(client, admin_user, opd_dinkes):
    bappeda = OPDFactory(nama="Bappeda Uji", singkatan="BPU")
    client.force_login(admin_user)
    data = {
        "jenis": "rakor",
        "judul": "Rakor Undangan Uji",
        "mulai": "2025-11-06T09:00",
        "tempat": "OR Setda",
        "penyelenggara": bappeda.pk,
        "agenda": "Pembukaan",
        "opd_diundang": [bappeda.pk, opd_dinkes.pk],
    }
    client.post("/rapat/baru/", data)
    rapat = Rapat.objects.get(judul="Rakor Undangan Uji")
    client.post(f"/rapat/{rapat.pk}/ubah/", {**data, "opd_diundang": [bappeda.pk]})

    entries = client.get(f"/rapat/{rapat.pk}/").context["riwayat"]

    undangan = [(e.objek, e.aksi, e.oleh) for e in entries if e.objek.startswith("Undangan")]
    assert ("Undangan Dinkes", "dihapus", admin_user) in undangan
    assert ("Undangan Dinkes", "dibuat", admin_user) in undangan
    assert ("Undangan BPU", "dibuat", admin_user) in undangan
