"""Case statistics against a hand-counted fixture, with suppression for everyone but case workers."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kasus.selectors import statistik_kasus_get
from tests.gugus_tugas.factories import KecamatanFactory
from tests.kasus.factories import (
    JenisKekerasanFactory,
    KasusFactory,
    KelurahanFactory,
    KorbanFactory,
    LayananFactory,
    PelakuFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixture_2024(petugas_kasus):
    """Hand-counted: 2024 has 5 cases, 6 victims (5 children, 4 of them served); 2023 has 1 victim.

    Kecamatan Alfa 5 victims, Beta 1. Sex: L 2, P 4. Age: 0-5 1, 6-12 3, 13-17 1, 25-44 1.
    Place (cases): rumah tangga 3, sekolah 1, fasilitas umum 1. Type (cases): fisik 3, psikis 2, seksual 1.
    A deleted 2024 case with one victim must count nowhere.
    """
    alfa, beta = KecamatanFactory(nama="Alfa"), KecamatanFactory(nama="Beta")
    kel_a, kel_b = KelurahanFactory(induk=alfa), KelurahanFactory(induk=beta)

    def kasus(day, kel, tempat, jenis, korban, layanan=False, tahun=2024):
        k = KasusFactory(
            tanggal_lapor=datetime.date(tahun, day[0], day[1]),
            tanggal_kejadian=None,
            kelurahan=kel,
            tempat_kejadian=tempat,
            dibuat_oleh=petugas_kasus,
            jenis=None,
        )
        for j in jenis:
            JenisKekerasanFactory(kasus=k, jenis=j)
        for urutan, (kelamin, umur) in enumerate(korban, start=1):
            KorbanFactory(kasus=k, urutan=urutan, jenis_kelamin=kelamin, umur=umur)
        if layanan:
            LayananFactory(kasus=k, dicatat_oleh=petugas_kasus)
        return k

    k1 = kasus((1, 5), kel_a, "rumah_tangga", ["fisik"], [("P", 10)], layanan=True)
    PelakuFactory(kasus=k1, hubungan="orang_tua")
    kasus((2, 7), kel_a, "sekolah", ["seksual", "psikis"], [("P", 15)], layanan=True)
    kasus((2, 9), kel_b, "rumah_tangga", ["fisik"], [("L", 4)])
    kasus((3, 1), kel_a, "rumah_tangga", ["psikis"], [("P", 12), ("L", 8)], layanan=True)
    kasus((5, 20), kel_a, "fasilitas_umum", ["fisik"], [("P", 30)], layanan=True)
    kasus((6, 1), kel_a, "sekolah", ["fisik"], [("P", 16)], tahun=2023)
    hapus = kasus((7, 1), kel_a, "sekolah", ["fisik"], [("P", 9)])
    hapus.dihapus_pada = timezone.now()
    hapus.save()


def shown(tabel) -> dict:
    return {b.label: b.tampil for b in tabel.baris if b.tampil != "0"}


def by_title(statistik, word):
    return next(t for t in statistik.tabel_list if word in t.judul)


def test_case_workers_get_exact_hand_counted_figures(fixture_2024):
    s = statistik_kasus_get(tahun=2024, rinci=True)
    assert shown(s.tabel_tahunan) == {"2023": "1", "2024": "6"} and s.tabel_tahunan.total.tampil == "7"
    assert shown(by_title(s, "bulan")) == {"Januari": "1", "Februari": "2", "Maret": "2", "Mei": "1"}
    assert shown(by_title(s, "kecamatan")) == {"Alfa": "5", "Beta": "1"}
    assert shown(by_title(s, "jenis kelamin")) == {"Laki-laki": "2", "Perempuan": "4"}
    assert shown(by_title(s, "kelompok umur")) == {
        "0–5": "1",
        "6–12": "3",
        "13–17": "1",
        "Anak (0–17 tahun)": "5",
        "25–44": "1",
    }
    assert shown(by_title(s, "tempat")) == {
        "Rumah tangga": "3",
        "Sekolah/lembaga pendidikan": "1",
        "Fasilitas umum": "1",
    }
    assert shown(by_title(s, "jenis kekerasan")) == {"Fisik": "3", "Psikis": "2", "Seksual": "1"}
    assert by_title(s, "jenis kekerasan").total is None
    assert shown(by_title(s, "hubungan")) == {"Orang tua": "1"}
    assert shown(by_title(s, "layanan")) == {"Pengaduan": "4"}
    assert shown(s.indikator_21) == {"Terlayani": "4", "Belum terlayani": "1"}
    assert s.indikator_21.total.tampil == "5"
    assert s.persen_terlayani == 80.0
    assert not s.disamarkan


def test_others_get_small_cells_hidden_so_that_no_subtraction_recovers_them(fixture_2024):
    s = statistik_kasus_get(tahun=2024, rinci=False)
    # 2023 has 1 victim: shown <3; no grand total is printed, so 2024 can stay exact.
    assert shown(s.tabel_tahunan) == {"2023": "<3", "2024": "6"} and s.tabel_tahunan.total is None
    assert shown(by_title(s, "kecamatan")) == {"Alfa": "*", "Beta": "<3"}
    assert by_title(s, "kecamatan").total.tampil == "6"
    assert shown(by_title(s, "jenis kelamin")) == {"Laki-laki": "<3", "Perempuan": "*"}
    # One adult of 1 beside 5 children: the children's subtotal joins it, so the child groups and
    # indicator 21 (whose total is that subtotal) are withheld.
    assert shown(by_title(s, "kelompok umur")) == {
        "0–5": "–",
        "6–12": "–",
        "13–17": "–",
        "Anak (0–17 tahun)": "*",
        "25–44": "<3",
    }
    # Without a total, only the small cells go.
    assert shown(by_title(s, "jenis kekerasan")) == {"Fisik": "3", "Psikis": "<3", "Seksual": "<3"}
    assert shown(s.indikator_21) == {"Terlayani": "–", "Belum terlayani": "–"}
    assert s.indikator_21.total.tampil == "–"
    assert s.persen_terlayani is None
    assert s.disamarkan


def test_the_page_shows_suppressed_figures_to_pimpinan_and_exact_ones_to_case_workers(
    client, fixture_2024, pimpinan, petugas_kasus
):
    client.force_login(pimpinan)
    html = client.get("/kasus/statistik/", {"tahun": "2024"}).content.decode()
    assert "&lt;3" in html and 'data-testid="catatan-penyamaran"' in html
    assert "80.0%" not in html and "80,0%" not in html
    client.force_login(petugas_kasus)
    html = client.get("/kasus/statistik/", {"tahun": "2024"}).content.decode()
    assert "&lt;3" not in html
    assert "80,0%" in html or "80.0%" in html


def test_the_page_defaults_to_the_latest_year_with_cases(client, fixture_2024, pimpinan):
    client.force_login(pimpinan)
    html = client.get("/kasus/statistik/").content.decode()
    assert "Statistik kasus kekerasan 2024" in html


def _grow(petugas_kasus, n: int) -> None:
    for i in range(n):
        k = KasusFactory(
            tanggal_lapor=datetime.date(2024, 1 + i % 12, 2), tanggal_kejadian=None, dibuat_oleh=petugas_kasus
        )
        KorbanFactory(kasus=k, urutan=1)
        PelakuFactory(kasus=k, urutan=1)
        LayananFactory(kasus=k, dicatat_oleh=petugas_kasus)


def _page_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/kasus/statistik/", {"tahun": "2024"}).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_the_statistics_query_count_does_not_grow(client, fixture_2024, pimpinan, petugas_kasus):
    client.force_login(pimpinan)
    # The first read after a write recounts the stored cube; the ones after it only read it.
    recount_small, read_small = _page_queries(client), _page_queries(client)
    _grow(petugas_kasus, 15)
    recount_large, read_large = _page_queries(client), _page_queries(client)
    assert (len(recount_large), len(read_large)) == (len(recount_small), len(read_small))
    assert not any("kasus_korban" in sql or "kasus_kasus" in sql for sql in read_large)
