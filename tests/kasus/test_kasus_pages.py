"""The case list, a case page and its actions: status, services, notes, soft delete and logging."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kasus.models import AksesLog, Kasus
from tests.gugus_tugas.factories import KecamatanFactory, OPDFactory
from tests.kasus.factories import JenisKekerasanFactory, KasusFactory, KelurahanFactory, KorbanFactory

pytestmark = pytest.mark.django_db


def reveal(client, kasus: Kasus) -> None:
    response = client.post(
        f"/kasus/{kasus.pk}/identitas/", {"jenis_alasan": "pendampingan", "alasan": "Menyiapkan pendampingan korban."}
    )
    assert response.status_code == 302


def make_kasus(user, n: int, **kwargs) -> Kasus:
    kasus = KasusFactory(nomor_registrasi=f"KASUS/2024/{n:04d}", dibuat_oleh=user, **kwargs)
    KorbanFactory(kasus=kasus, urutan=1, nama=f"Rahasia Korban {n}", umur=14)
    return kasus


def test_the_list_shows_numbers_dates_areas_types_age_groups_and_status_but_never_names(client, petugas_kasus):
    kasus = make_kasus(petugas_kasus, 1, kelurahan=KelurahanFactory(nama="Iringmulyo"))
    client.force_login(petugas_kasus)
    html = client.get("/kasus/").content.decode()
    for text in ("KASUS/2024/0001", "10 Maret 2024", "Iringmulyo", "Fisik", "13–17", "Baru"):
        assert text in html
    assert "Rahasia Korban" not in html
    assert f'href="/kasus/{kasus.pk}/"' in html


def test_the_list_filters_by_number_period_kecamatan_type_and_status(client, petugas_kasus):
    timur = KecamatanFactory(nama="Metro Timur")
    a = make_kasus(petugas_kasus, 1, kelurahan=KelurahanFactory(induk=timur), tanggal_lapor=datetime.date(2024, 1, 5))
    b = make_kasus(petugas_kasus, 2, tanggal_lapor=datetime.date(2024, 6, 5), status="selesai")
    JenisKekerasanFactory(kasus=b, jenis="seksual")
    client.force_login(petugas_kasus)

    def numbers(**params):
        html = client.get("/kasus/", params).content.decode()
        return {n for n in (a.nomor_registrasi, b.nomor_registrasi) if n in html}

    assert numbers(q="0002") == {b.nomor_registrasi}
    assert numbers(dari="2024-03-01") == {b.nomor_registrasi}
    assert numbers(sampai="2024-03-01") == {a.nomor_registrasi}
    assert numbers(kecamatan=timur.pk) == {a.nomor_registrasi}
    assert numbers(jenis="seksual") == {b.nomor_registrasi}
    assert numbers(status="selesai") == {b.nomor_registrasi}
    html = client.get("/kasus/", {"q": "tidak-ada"}).content.decode()
    assert "Tidak ada kasus yang cocok." in html


def test_a_bad_filter_value_is_reported_and_ignored(client, petugas_kasus):
    make_kasus(petugas_kasus, 1)
    client.force_login(petugas_kasus)
    html = client.get("/kasus/", {"dari": "kemarin"}).content.decode()
    assert "KASUS/2024/0001" in html
    assert "tanggal yang valid" in html.lower() or "Masukkan tanggal" in html


def test_the_list_paginates_and_keeps_the_filters(client, petugas_kasus):
    for n in range(30):
        make_kasus(petugas_kasus, n + 1)
    client.force_login(petugas_kasus)
    html = client.get("/kasus/", {"status": "baru"}).content.decode()
    assert "Halaman 1 dari 2" in html
    assert "?status=baru&amp;page=2" in html


def test_the_list_query_count_does_not_grow(client, petugas_kasus):
    client.force_login(petugas_kasus)
    for n in range(3):
        make_kasus(petugas_kasus, n + 1)
    client.get("/kasus/")
    with CaptureQueriesContext(connection) as small:
        client.get("/kasus/")
    for n in range(3, 25):
        kasus = make_kasus(petugas_kasus, n + 1)
        KorbanFactory(kasus=kasus, urutan=2)
        JenisKekerasanFactory(kasus=kasus, jenis="psikis")
    with CaptureQueriesContext(connection) as large:
        client.get("/kasus/")
    assert len(large) == len(small)


def test_the_case_page_masks_identity_and_logs_the_view(client, petugas_kasus):
    kasus = make_kasus(petugas_kasus, 1)
    client.force_login(petugas_kasus)
    html = client.get(f"/kasus/{kasus.pk}/").content.decode()
    assert "Rahasia Korban" not in html and "••••••" in html
    assert "Tampilkan identitas" in html
    log = AksesLog.objects.get()
    assert (log.pengguna, log.kasus, log.aksi) == (petugas_kasus, kasus, "lihat")


def test_the_case_page_query_count_does_not_grow(client, petugas_kasus):
    kasus = make_kasus(petugas_kasus, 1)
    client.force_login(petugas_kasus)
    client.get(f"/kasus/{kasus.pk}/")
    with CaptureQueriesContext(connection) as small:
        client.get(f"/kasus/{kasus.pk}/")
    for n in range(2, 8):
        KorbanFactory(kasus=kasus, urutan=n)
        client.post(f"/kasus/{kasus.pk}/catatan/", {"isi": f"Catatan {n}"})
        client.post(
            f"/kasus/{kasus.pk}/layanan/",
            {"jenis": "kesehatan", "tanggal": "2024-03-20", "penyedia_opd": OPDFactory().pk},
        )
    with CaptureQueriesContext(connection) as large:
        client.get(f"/kasus/{kasus.pk}/")
    assert len(large) == len(small)


def test_a_case_worker_reveals_identity_with_a_logged_reason(client, petugas_kasus):
    kasus = make_kasus(petugas_kasus, 1)
    client.force_login(petugas_kasus)
    form = client.get(f"/kasus/{kasus.pk}/identitas/").content.decode()
    assert 'name="alasan"' in form and "Rahasia Korban" not in form
    response = client.post(
        f"/kasus/{kasus.pk}/identitas/", {"jenis_alasan": "rujukan", "alasan": "Menyiapkan rujukan ke RSUD."}
    )
    assert response["Location"] == f"/kasus/{kasus.pk}/"
    html = client.get(f"/kasus/{kasus.pk}/").content.decode()
    assert "Rahasia Korban 1" in html and 'data-testid="identitas-terbuka"' in html
    assert "no-store" in client.get(f"/kasus/{kasus.pk}/")["Cache-Control"]
    reveal = AksesLog.objects.get(aksi="tampilkan_identitas")
    assert (reveal.pengguna, reveal.kasus, reveal.alasan) == (petugas_kasus, kasus, "Menyiapkan rujukan ke RSUD.")
    assert set(AksesLog.objects.filter(aksi="lihat_identitas").values_list("alasan", flat=True)) == {
        "Menyiapkan rujukan ke RSUD."
    }


def test_a_reveal_opens_only_that_case(client, petugas_kasus):
    a, b = make_kasus(petugas_kasus, 1), make_kasus(petugas_kasus, 2)
    client.force_login(petugas_kasus)
    client.post(f"/kasus/{a.pk}/identitas/", {"jenis_alasan": "rujukan", "alasan": "Menyiapkan rujukan ke RSUD."})
    assert "Rahasia Korban 2" not in client.get(f"/kasus/{b.pk}/").content.decode()


def test_a_reveal_does_not_redirect_off_site(client, petugas_kasus):
    kasus = make_kasus(petugas_kasus, 1)
    client.force_login(petugas_kasus)
    response = client.post(
        f"/kasus/{kasus.pk}/identitas/",
        {"jenis_alasan": "rujukan", "alasan": "Menyiapkan rujukan ke RSUD.", "next": "https://contoh.invalid/"},
    )
    assert response["Location"] == f"/kasus/{kasus.pk}/"


def test_the_admin_reads_a_masked_case_but_may_not_reveal_or_edit(client, admin_user, petugas_kasus):
    kasus = make_kasus(petugas_kasus, 1)
    client.force_login(admin_user)
    html = client.get(f"/kasus/{kasus.pk}/").content.decode()
    assert "Rahasia Korban" not in html and "Tampilkan identitas" not in html
    assert client.get(f"/kasus/{kasus.pk}/identitas/").status_code == 403
    assert (
        client.post(
            f"/kasus/{kasus.pk}/identitas/", {"jenis_alasan": "lainnya", "alasan": "Audit internal sekretariat."}
        ).status_code
        == 403
    )
    assert client.get(f"/kasus/{kasus.pk}/ubah/").status_code == 403
    assert not AksesLog.objects.filter(aksi="tampilkan_identitas").exists()


def test_status_changes_build_a_timeline(client, petugas_kasus):
    kasus = make_kasus(petugas_kasus, 1)
    client.force_login(petugas_kasus)
    client.post(f"/kasus/{kasus.pk}/status/", {"status": "dalam_penanganan", "catatan": "Asesmen awal."})
    client.post(f"/kasus/{kasus.pk}/status/", {"status": "dirujuk"})
    kasus.refresh_from_db()
    assert kasus.status == "dirujuk"
    assert list(kasus.riwayat_status.values_list("status", flat=True)) == ["dalam_penanganan", "dirujuk"]
    html = client.get(f"/kasus/{kasus.pk}/").content.decode()
    assert "Asesmen awal." not in html and "Dalam penanganan" in html
    reveal(client, kasus)
    assert "Asesmen awal." in client.get(f"/kasus/{kasus.pk}/").content.decode()
    response = client.post(f"/kasus/{kasus.pk}/status/", {"status": "dirujuk", "catatan": "Ulang"})
    assert "Kasus sudah berstatus Dirujuk." in response.content.decode()
    assert AksesLog.objects.filter(aksi="ubah_status").count() == 2


def test_services_are_recorded_and_bad_ones_refused_with_the_input_kept(client, petugas_kasus):
    kasus = make_kasus(petugas_kasus, 1)
    client.force_login(petugas_kasus)
    response = client.post(
        f"/kasus/{kasus.pk}/layanan/", {"jenis": "bantuan_hukum", "tanggal": "2024-03-12", "keterangan": "Ke LBH"}
    )
    html = response.content.decode()
    assert "Pilih OPD pemberi layanan atau isi nama lembaga lain." in html and "Ke LBH" in html
    response = client.post(
        f"/kasus/{kasus.pk}/layanan/", {"jenis": "bantuan_hukum", "tanggal": "2024-01-01", "penyedia_lain": "LBH"}
    )
    assert "Tanggal layanan tidak boleh sebelum tanggal lapor." in response.content.decode()
    client.post(
        f"/kasus/{kasus.pk}/layanan/", {"jenis": "bantuan_hukum", "tanggal": "2024-03-12", "penyedia_lain": "LBH"}
    )
    layanan = kasus.layanan.get()
    assert (layanan.jenis, layanan.penyedia) == ("bantuan_hukum", "LBH")


def test_notes_are_added_and_an_empty_one_is_refused(client, petugas_kasus):
    kasus = make_kasus(petugas_kasus, 1)
    client.force_login(petugas_kasus)
    assert "Catatan tidak boleh kosong." in client.post(f"/kasus/{kasus.pk}/catatan/", {"isi": ""}).content.decode()
    client.post(f"/kasus/{kasus.pk}/catatan/", {"isi": "Keluarga bersedia didampingi."})
    assert kasus.catatan.get().isi == "Keluarga bersedia didampingi."
    assert "Keluarga bersedia didampingi." not in client.get(f"/kasus/{kasus.pk}/").content.decode()
    reveal(client, kasus)
    assert "Keluarga bersedia didampingi." in client.get(f"/kasus/{kasus.pk}/").content.decode()


def test_deleting_is_soft_needs_a_reason_and_is_logged(client, admin_user, petugas_kasus):
    kasus = make_kasus(petugas_kasus, 1)
    client.force_login(admin_user)
    response = client.post(f"/kasus/{kasus.pk}/hapus/", {"alasan": ""})
    assert "Alasan wajib diisi." in response.content.decode()
    response = client.post(f"/kasus/{kasus.pk}/hapus/", {"alasan": "Laporan ganda dari KASUS/2024/0002."})
    assert response["Location"] == "/kasus/"
    kasus.refresh_from_db()
    assert kasus.dihapus_pada and kasus.dihapus_oleh == admin_user
    assert Kasus.objects.filter(pk=kasus.pk).exists()
    assert AksesLog.objects.get(aksi="hapus").alasan == "Laporan ganda dari KASUS/2024/0002."
    assert client.get(f"/kasus/{kasus.pk}/").status_code == 404
    assert "KASUS/2024/0001" not in client.get("/kasus/").content.decode()


def test_case_actions_are_refused_to_the_admin_and_unknown_cases_are_404(client, admin_user, petugas_kasus):
    kasus = make_kasus(petugas_kasus, 1)
    client.force_login(admin_user)
    for action, data in (("status", {"status": "selesai"}), ("catatan", {"isi": "x"}), ("layanan", {})):
        assert client.post(f"/kasus/{kasus.pk}/{action}/", data).status_code == 403
    assert client.get("/kasus/tambah/").status_code == 403
    client.force_login(petugas_kasus)
    assert client.get("/kasus/99999/").status_code == 404
    assert client.get(f"/kasus/{kasus.pk}/status/").status_code == 405


@pytest.mark.parametrize(("path", "label"), [("/kasus/", "Kasus"), ("/kasus/statistik/", "Statistik Kasus")])
def test_the_menu_marks_only_the_page_in_use(client, petugas_kasus, path, label):
    client.force_login(petugas_kasus)
    html = client.get(path).content.decode()
    active = re.findall(r'class="nav-link active"[^>]*>([^<]+)<', html)
    assert active == [label]
