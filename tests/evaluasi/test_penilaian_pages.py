"""Self-assessment pages: the year overview, the indicator form, evidence download, finalising."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluasi.models import BuktiPenilaian, PenilaianIndikator, PenilaianTahun
from evaluasi.selectors import penilaian_ringkasan_get
from klaster.models import Indikator
from tests.disk import disk_full_from
from tests.evaluasi.factories import BuktiPenilaianFactory, PenilaianIndikatorFactory
from tests.gugus_tugas.factories import RapatFactory
from tests.rad_kla.factories import RealisasiFactory

pytestmark = pytest.mark.django_db


def url(kode: str, tahun: int = 2025) -> str:
    return f"/evaluasi/{tahun}/indikator/{Indikator.objects.get(kode=kode).pk}/"


def test_overview_shows_claimed_and_backed_scores_per_cluster(client, pimpinan):
    PenilaianIndikatorFactory(skor=Decimal("30"))
    client.force_login(pimpinan)
    html = client.get("/evaluasi/?tahun=2025").content.decode()
    assert 'data-testid="skor-total">30,00' in html
    assert 'data-testid="skor-didukung">0,00' in html
    assert "tanpa bukti" in html
    assert '<progress class="w-100 mb-2" max="100" value="17"' in html
    assert ' style="' not in html


def test_coordinator_saves_score_narrative_and_a_file(client, koordinator_klaster3, pdf_upload):
    client.force_login(koordinator_klaster3)
    response = client.post(
        url("14"),
        {"skor": "31,5", "narasi": "Enam puskesmas ramah anak.", "berkas": [pdf_upload], "keterangan_berkas": "SK"},
    )
    assert response.status_code == 302
    item = PenilaianIndikator.objects.get()
    assert item.skor == Decimal("31.5") and item.narasi == "Enam puskesmas ramah anak."
    bukti = BuktiPenilaian.objects.get()
    assert bukti.nama_asli == "sk-gugus-tugas.pdf" and bukti.berkas.name.startswith("bukti-evaluasi/")


def test_a_score_above_the_bobot_is_shown_with_what_was_typed(client, koordinator_klaster3):
    client.force_login(koordinator_klaster3)
    response = client.post(url("14"), {"skor": "999", "narasi": "Narasi yang tidak boleh hilang"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "tidak boleh melebihi bobot" in html
    assert "Narasi yang tidak boleh hilang" in html
    assert not PenilaianIndikator.objects.exists()


def test_coordinator_reads_but_cannot_post_another_clusters_indicator(client, koordinator_klaster3):
    client.force_login(koordinator_klaster3)
    page = client.get(url("21"))
    assert page.status_code == 200 and 'data-testid="form-penilaian"' not in page.content.decode()
    assert client.post(url("21"), {"skor": "1"}).status_code == 403


def test_pimpinan_cannot_post_a_score(client, pimpinan):
    client.force_login(pimpinan)
    assert client.post(url("14"), {"skor": "1"}).status_code == 403


def test_an_indicator_not_in_force_is_404(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/evaluasi/2025/indikator/999999/").status_code == 404


def test_a_year_outside_the_supported_range_is_404(client, admin_user):
    client.force_login(admin_user)
    assert client.post(url("14", tahun=99999), {"skor": "1"}).status_code == 404
    assert client.post("/evaluasi/99999/finalisasi/").status_code == 404


def test_finalise_is_for_the_admin_only(client, admin_user, pimpinan):
    client.force_login(pimpinan)
    assert client.post("/evaluasi/2025/finalisasi/").status_code == 403
    client.force_login(admin_user)
    response = client.post("/evaluasi/2025/finalisasi/", follow=True)
    assert "belum diberi skor" in response.content.decode()


def test_a_locked_year_refuses_posts(client, admin_user):
    PenilaianTahun.objects.create(tahun=2025, status=PenilaianTahun.Status.FINAL)
    client.force_login(admin_user)
    assert client.post(url("14"), {"skor": "1"}).status_code == 403
    assert "sudah final" in client.get(url("14")).content.decode()


def test_evidence_is_downloaded_as_attachment_by_readers_only(client, pimpinan, operator_dinkes):
    bukti = BuktiPenilaianFactory()
    client.force_login(pimpinan)
    response = client.get(f"/evaluasi/bukti/{bukti.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(operator_dinkes)
    assert client.get(f"/evaluasi/bukti/{bukti.pk}/").status_code == 403


def test_only_the_clusters_coordinator_may_delete_evidence(client, koordinator_klaster3, koordinator_klaster5):
    bukti = BuktiPenilaianFactory()
    client.force_login(koordinator_klaster5)
    # Another cluster's evidence is not theirs to know of (tests/evaluasi/test_bukti_penilaian.py).
    assert client.post(f"/evaluasi/bukti/{bukti.pk}/hapus/").status_code == 404
    client.force_login(koordinator_klaster3)
    assert client.post(f"/evaluasi/bukti/{bukti.pk}/hapus/").status_code == 302
    assert not BuktiPenilaian.objects.exists()


def test_the_pimpinan_may_have_the_evidence_but_not_delete_it(client, pimpinan):
    bukti = BuktiPenilaianFactory()
    client.force_login(pimpinan)
    assert client.post(f"/evaluasi/bukti/{bukti.pk}/hapus/").status_code == 403
    assert BuktiPenilaian.objects.filter(pk=bukti.pk).exists()


def test_overview_query_count_does_not_grow(client, pimpinan):
    client.force_login(pimpinan)
    PenilaianIndikatorFactory(indikator=Indikator.objects.get(kode="1"))
    client.get("/evaluasi/?tahun=2025")
    with CaptureQueriesContext(connection) as small:
        client.get("/evaluasi/?tahun=2025")
    for item in Indikator.objects.exclude(kode="1")[:15]:
        BuktiPenilaianFactory(penilaian_indikator=PenilaianIndikatorFactory(indikator=item, skor=Decimal("5")))
    with CaptureQueriesContext(connection) as large:
        client.get("/evaluasi/?tahun=2025")
    assert len(large) == len(small)


def test_overview_counts_each_kind_of_evidence_in_queries_that_do_not_grow_with_it(client, pimpinan):
    client.force_login(pimpinan)
    item = PenilaianIndikatorFactory(indikator=Indikator.objects.get(kode="1"), skor=Decimal("5"))
    client.get("/evaluasi/?tahun=2025")
    with CaptureQueriesContext(connection) as small:
        client.get("/evaluasi/?tahun=2025")
    BuktiPenilaianFactory.create_batch(2, penilaian_indikator=item)
    item.realisasi.set(RealisasiFactory.create_batch(3))
    item.rapat.set(RapatFactory.create_batch(4))
    with CaptureQueriesContext(connection) as large:
        html = client.get("/evaluasi/?tahun=2025").content.decode()
    assert len(large) == len(small)
    assert "2 berkas, 3 realisasi" in html
    baris = next(b for b in penilaian_ringkasan_get(tahun=2025).baris if b.indikator.kode == "1")
    assert (baris.jumlah_bukti, baris.jumlah_realisasi, baris.jumlah_rapat) == (2, 3, 4)


def test_an_indicator_cites_a_held_meeting_and_klaster_v_the_case_statistics(client, admin_user, pimpinan):
    from tests.gugus_tugas.factories import RapatFactory

    rakor = RapatFactory(judul="Rakor Gugus Tugas November", status="selesai")
    RapatFactory(judul="Rapat yang belum digelar", status="terjadwal")
    client.force_login(admin_user)
    html = client.get(url("14")).content.decode()
    assert "Rakor Gugus Tugas November" in html and "Rapat yang belum digelar" not in html
    assert 'name="statistik_kasus"' not in html
    assert 'name="statistik_kasus"' in client.get(url("21")).content.decode()
    response = client.post(url("21"), {"skor": "20", "narasi": "", "rapat": [rakor.pk], "statistik_kasus": "on"})
    assert response.status_code == 302
    item = PenilaianIndikator.objects.get()
    assert list(item.rapat.all()) == [rakor] and item.statistik_kasus
    client.force_login(pimpinan)
    html = client.get(url("21")).content.decode()
    assert "Rakor Gugus Tugas November" in html and "Statistik kasus teragregasi tahun ini dilampirkan." in html


def test_a_second_file_that_cannot_be_stored_leaves_neither_the_score_nor_the_first_file(
    client, koordinator_klaster3, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    disk_full_from(monkeypatch, nth=2)  # the second file hits a full disk
    client.force_login(koordinator_klaster3)
    files = [
        SimpleUploadedFile(name, b"%PDF-1.4\n%uji\n", content_type="application/pdf") for name in ("a.pdf", "b.pdf")
    ]
    response = client.post(url("14"), {"skor": "20", "narasi": "Tidak boleh tersimpan setengah.", "berkas": files})
    assert response.status_code == 200
    assert "Penyimpanan server penuh" in response.content.decode()
    assert not PenilaianIndikator.objects.exists()
    assert not BuktiPenilaian.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_overview_reads_the_same_few_queries_at_two_data_sizes(client, admin_user, django_assert_max_num_queries):
    client.force_login(admin_user)
    PenilaianIndikatorFactory(indikator=Indikator.objects.get(kode="1"), skor=Decimal("5"))
    client.get("/evaluasi/?tahun=2025")
    # Session, reader, two permission reads, unread notifications; indicators in force, assessed
    # indicators with their evidence counts, region profile, predikat scale, every assessed year.
    with django_assert_max_num_queries(10):
        client.get("/evaluasi/?tahun=2025")
    for item in Indikator.objects.exclude(kode="1")[:20]:
        pi = PenilaianIndikatorFactory(indikator=item, skor=Decimal("5"))
        BuktiPenilaianFactory.create_batch(2, penilaian_indikator=pi)
        pi.realisasi.set(RealisasiFactory.create_batch(2))
    PenilaianIndikatorFactory(penilaian__tahun=2024, indikator=Indikator.objects.get(kode="1"), skor=Decimal("7"))
    with django_assert_max_num_queries(10):
        html = client.get("/evaluasi/?tahun=2025").content.decode()
    assert html.count("2 berkas, 2 realisasi") == 20
    assert 'href="?tahun=2024"' in html
