"""Follow-ups: the list with overdue ones highlighted, "Tindak lanjut saya", status updates with evidence."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gugus_tugas.models import BuktiTindakLanjut, Peran, Rapat, TindakLanjut
from tests.gugus_tugas.factories import OPDFactory, RapatFactory, TindakLanjutFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def kemarin(days: int = 1) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def test_overdue_follow_ups_stand_out_for_everyone(client, pimpinan):
    TindakLanjutFactory(uraian="Yang sudah lewat batas", batas_waktu=kemarin(4))
    TindakLanjutFactory(uraian="Yang masih lama")
    TindakLanjutFactory(uraian="Lewat tetapi selesai", batas_waktu=kemarin(4), status=TindakLanjut.Status.SELESAI)
    client.force_login(pimpinan)
    html = client.get("/tindak-lanjut/").content.decode()
    assert html.count('data-terlambat="1"') == 1
    assert "terlambat 4 hari" in html
    row = html[html.index("Yang sudah lewat batas") - 400 : html.index("Yang sudah lewat batas")]
    assert "table-danger" in row


def test_the_list_filters_by_status_opd_and_overdue(client, pimpinan):
    dinkes = OPDFactory(singkatan="DinkesU")
    TindakLanjutFactory(uraian="Milik dinkes", opd=dinkes)
    TindakLanjutFactory(uraian="Milik lain", batas_waktu=kemarin())
    TindakLanjutFactory(uraian="Sudah beres", status=TindakLanjut.Status.SELESAI)
    client.force_login(pimpinan)
    html = client.get("/tindak-lanjut/", {"opd": dinkes.pk}).content.decode()
    assert "Milik dinkes" in html and "Milik lain" not in html
    html = client.get("/tindak-lanjut/", {"terlambat": "1"}).content.decode()
    assert "Milik lain" in html and "Milik dinkes" not in html
    html = client.get("/tindak-lanjut/", {"status": "selesai"}).content.decode()
    assert "Sudah beres" in html and "Milik dinkes" not in html
    assert "Tidak ada tindak lanjut yang cocok" in client.get("/tindak-lanjut/", {"q": "zzz"}).content.decode()


def test_follow_ups_of_draft_meetings_stay_hidden_from_members(client, pimpinan, admin_user):
    TindakLanjutFactory(uraian="Dari rapat draf", rapat=RapatFactory(status=Rapat.Status.DRAFT))
    client.force_login(pimpinan)
    assert "Dari rapat draf" not in client.get("/tindak-lanjut/").content.decode()
    client.force_login(admin_user)
    assert "Dari rapat draf" in client.get("/tindak-lanjut/").content.decode()


def test_tindak_lanjut_saya_shows_only_the_operators_opd(client, operator_dinkes, opd_dinkes):
    TindakLanjutFactory(uraian="Tugas dinas kesehatan", opd=opd_dinkes)
    TindakLanjutFactory(uraian="Tugas dinas lain")
    client.force_login(operator_dinkes)
    html = client.get("/tindak-lanjut/saya/").content.decode()
    assert "Tugas dinas kesehatan" in html and "Tugas dinas lain" not in html
    assert "Tindak lanjut saya" in client.get("/tindak-lanjut/").content.decode()


def test_tindak_lanjut_saya_refuses_the_chair(client, pimpinan):
    client.force_login(pimpinan)
    assert client.get("/tindak-lanjut/saya/").status_code == 403


def test_an_operator_marks_a_follow_up_in_progress_then_done_with_evidence(client, operator_dinkes, opd_dinkes):
    item = TindakLanjutFactory(opd=opd_dinkes, batas_waktu=kemarin())
    client.force_login(operator_dinkes)
    response = client.post(f"/tindak-lanjut/{item.pk}/", {"status": "proses", "catatan": "Sedang dihimpun."})
    assert response.status_code == 302
    berkas = SimpleUploadedFile("sk-ktr.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(f"/tindak-lanjut/{item.pk}/", {"status": "selesai", "catatan": "SK terbit.", "berkas": berkas})
    item.refresh_from_db()
    assert item.status == TindakLanjut.Status.SELESAI and item.diperbarui_oleh == operator_dinkes
    assert not item.terlambat
    bukti = BuktiTindakLanjut.objects.get(tindak_lanjut=item)
    assert bukti.nama_asli == "sk-ktr.pdf" and bukti.jenis_konten == "application/pdf"
    assert "sk-ktr" not in bukti.berkas.name
    assert [h.status for h in item.history.order_by("history_date")] == ["belum", "proses", "selesai"]
    html = client.get(f"/tindak-lanjut/{item.pk}/").content.decode()
    assert "sk-ktr.pdf" in html and "Riwayat perubahan" in html
    from gugus_tugas.selectors import tindak_lanjut_list

    assert [(t.pk, t.jumlah_bukti) for t in tindak_lanjut_list(user=operator_dinkes)] == [(item.pk, 1)]


def test_done_needs_a_note_and_a_bad_file_is_refused_without_losing_the_note(client, operator_dinkes, opd_dinkes):
    item = TindakLanjutFactory(opd=opd_dinkes)
    client.force_login(operator_dinkes)
    html = client.post(f"/tindak-lanjut/{item.pk}/", {"status": "selesai", "catatan": ""}).content.decode()
    assert "Tuliskan catatan penyelesaian" in html
    palsu = SimpleUploadedFile("laporan.pdf", b"MZ bukan pdf", content_type="application/pdf")
    response = client.post(
        f"/tindak-lanjut/{item.pk}/", {"status": "proses", "catatan": "Catatan penting saya", "berkas": palsu}
    )
    html = response.content.decode()
    assert "tidak sesuai dengan jenisnya" in html
    assert "Catatan penting saya" in html
    item.refresh_from_db()
    assert item.status == TindakLanjut.Status.BELUM
    assert not BuktiTindakLanjut.objects.exists()


def test_an_operator_cannot_update_another_opds_follow_up(client, operator_dinkes):
    item = TindakLanjutFactory(opd=OPDFactory())
    client.force_login(operator_dinkes)
    html = client.get(f"/tindak-lanjut/{item.pk}/").content.decode()
    assert 'name="status"' not in html
    assert client.post(f"/tindak-lanjut/{item.pk}/", {"status": "selesai", "catatan": "x"}).status_code == 403
    item.refresh_from_db()
    assert item.status == TindakLanjut.Status.BELUM


def test_evidence_downloads_as_an_attachment_for_readers_only(client, operator_dinkes, opd_dinkes, petugas_kasus):
    item = TindakLanjutFactory(opd=opd_dinkes)
    client.force_login(operator_dinkes)
    berkas = SimpleUploadedFile("bukti.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(f"/tindak-lanjut/{item.pk}/", {"status": "proses", "catatan": "x", "berkas": berkas})
    bukti = BuktiTindakLanjut.objects.get()
    response = client.get(f"/tindak-lanjut/bukti/{bukti.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES
    client.force_login(petugas_kasus)
    assert client.get(f"/tindak-lanjut/bukti/{bukti.pk}/").status_code == 403


def test_an_unknown_follow_up_is_a_404(client, pimpinan):
    client.force_login(pimpinan)
    assert client.get("/tindak-lanjut/999999/").status_code == 404


def test_tindak_lanjut_list_query_count_does_not_grow(client, admin_user):
    client.force_login(admin_user)
    TindakLanjutFactory()
    client.get("/tindak-lanjut/")
    with CaptureQueriesContext(connection) as small:
        client.get("/tindak-lanjut/")
    for n in range(20):
        TindakLanjutFactory(opd=OPDFactory(), batas_waktu=kemarin(n + 1), rapat=RapatFactory())
    with CaptureQueriesContext(connection) as large:
        client.get("/tindak-lanjut/")
    assert len(large) == len(small)


def test_tindak_lanjut_saya_query_count_does_not_grow(client, operator_dinkes, opd_dinkes):
    client.force_login(operator_dinkes)
    TindakLanjutFactory(opd=opd_dinkes)
    client.get("/tindak-lanjut/saya/")
    with CaptureQueriesContext(connection) as small:
        client.get("/tindak-lanjut/saya/")
    for n in range(15):
        TindakLanjutFactory(opd=opd_dinkes, batas_waktu=kemarin(n + 1), rapat=RapatFactory())
    with CaptureQueriesContext(connection) as large:
        client.get("/tindak-lanjut/saya/")
    assert len(large) == len(small)


def test_an_operator_of_another_opd_sees_its_own_list_empty(client, roles):
    operator = UserFactory(peran=Peran.OPERATOR_OPD, opd=OPDFactory())
    TindakLanjutFactory()
    client.force_login(operator)
    assert "Tidak ada tindak lanjut yang cocok" in client.get("/tindak-lanjut/saya/").content.decode()
