"""What the verifier weighs a realisation against: the year's target and pagu, previous cumulative value, evidence."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klaster.models import Klaster
from rad_kla.models import Realisasi
from tests.gugus_tugas.factories import OPDFactory, UserFactory
from tests.rad_kla.factories import (
    BuktiDukungFactory,
    PeriodeFactory,
    RealisasiFactory,
    RencanaAksiFactory,
    TargetTahunanFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def aksi_dengan_riwayat(*, opd=None, bukti: int = 0, satuan: str = "puskesmas") -> Realisasi:
    """An action with a 2025 target, a verified Q1 (3), a returned Q2 (9) and a submitted Q3 (6) with evidence."""
    rencana = RencanaAksiFactory(opd=opd or OPDFactory(), satuan=satuan)
    TargetTahunanFactory(rencana_aksi=rencana, tahun=2025, target=Decimal("12.5"), pagu=250_000_000)
    RealisasiFactory(
        rencana_aksi=rencana,
        periode=PeriodeFactory(nomor=1),
        nilai_capaian=Decimal("3"),
        status=Realisasi.Status.DIVERIFIKASI,
    )
    RealisasiFactory(
        rencana_aksi=rencana,
        periode=PeriodeFactory(nomor=2),
        nilai_capaian=Decimal("9"),
        status=Realisasi.Status.DIKEMBALIKAN,
    )
    realisasi = RealisasiFactory(rencana_aksi=rencana, periode=PeriodeFactory(nomor=3), nilai_capaian=Decimal("6"))
    for _ in range(bukti):
        BuktiDukungFactory(realisasi=realisasi)
    return realisasi


def test_the_queue_shows_target_pagu_previous_value_and_evidence(client, koordinator_klaster3):
    realisasi = aksi_dengan_riwayat(bukti=2)
    client.force_login(koordinator_klaster3)
    html = client.get(reverse("rad_kla:verifikasi")).content.decode()
    row = html[html.index(realisasi.rencana_aksi.kode) : html.index("</tr>", html.index(realisasi.rencana_aksi.kode))]
    assert "12,50 puskesmas" in row
    assert "Rp 250.000.000" in row
    # The returned Q2 is not a report; the latest earlier reported period is the verified Q1.
    assert "sebelumnya 3,00 (Triwulan I 2025)" in row
    assert "2 berkas" in row and "Tanpa bukti" not in row


def test_submissions_without_evidence_are_marked_in_the_queue(client, koordinator_klaster3):
    tanpa = aksi_dengan_riwayat(bukti=0)
    dengan = aksi_dengan_riwayat(bukti=1)
    client.force_login(koordinator_klaster3)
    html = client.get(reverse("rad_kla:verifikasi")).content.decode()
    assert html.count('data-tanpa-bukti="1"') == 1
    row = html[html.index(tanpa.rencana_aksi.kode) : html.index("</tr>", html.index(tanpa.rencana_aksi.kode))]
    assert "Tanpa bukti" in row
    row = html[html.index(dengan.rencana_aksi.kode) : html.index("</tr>", html.index(dengan.rencana_aksi.kode))]
    assert "1 berkas" in row


def test_the_first_report_of_the_year_says_there_is_nothing_before_it(client, koordinator_klaster3):
    rencana = RencanaAksiFactory()
    RealisasiFactory(rencana_aksi=rencana, periode=PeriodeFactory(tahun=2024, nomor=4), nilai_capaian=Decimal("8"))
    realisasi = RealisasiFactory(rencana_aksi=rencana, periode=PeriodeFactory(nomor=1))
    client.force_login(koordinator_klaster3)
    html = client.get(reverse("rad_kla:realisasi_detail", args=[realisasi.pk])).content.decode()
    assert "belum ada laporan sebelumnya tahun ini" in html
    assert "tanpa target" in html


def test_the_check_page_shows_the_same_figures(client, koordinator_klaster3):
    realisasi = aksi_dengan_riwayat(bukti=0)
    client.force_login(koordinator_klaster3)
    html = client.get(reverse("rad_kla:realisasi_detail", args=[realisasi.pk])).content.decode()
    start = html.index('data-testid="pembanding"')
    pembanding = html[start : html.index("</dl>", start)]
    assert "Target tahun 2025" in pembanding and "12,50 puskesmas" in pembanding
    assert "Pagu tahun 2025" in pembanding and "Rp 250.000.000" in pembanding
    assert "3,00 puskesmas" in pembanding and "Triwulan I 2025" in pembanding
    assert "Tanpa bukti" in pembanding
    assert "Verifikasi" in html and "Kembalikan ke OPD" in html


def test_a_coordinator_of_another_cluster_gets_an_empty_queue(client, roles):
    aksi_dengan_riwayat(bukti=1)
    lain = UserFactory(peran="koordinator_klaster", opd=OPDFactory(), klaster=Klaster.objects.get(kode="I"))
    client.force_login(lain)
    html = client.get(reverse("rad_kla:verifikasi")).content.decode()
    assert "Tidak ada realisasi yang menunggu verifikasi." in html and "Rp 250.000.000" not in html


def test_the_operator_sees_the_figures_but_no_verification_buttons(client, operator_dinkes, opd_dinkes):
    realisasi = aksi_dengan_riwayat(opd=opd_dinkes, bukti=1)
    client.force_login(operator_dinkes)
    html = client.get(reverse("rad_kla:realisasi_detail", args=[realisasi.pk])).content.decode()
    assert "Rp 250.000.000" in html and "1 berkas" in html
    assert "Kembalikan ke OPD" not in html


def test_the_unit_typed_by_an_opd_is_escaped(client, koordinator_klaster3):
    realisasi = aksi_dengan_riwayat(satuan="<script>alert(1)</script>")
    client.force_login(koordinator_klaster3)
    for url in (reverse("rad_kla:verifikasi"), reverse("rad_kla:realisasi_detail", args=[realisasi.pk])):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def count_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_queue_query_count_does_not_grow_with_history_and_evidence(client, koordinator_klaster3):
    client.force_login(koordinator_klaster3)
    for bukti in (0, 2):
        aksi_dengan_riwayat(bukti=bukti)
    small = count_queries(client, reverse("rad_kla:verifikasi"))
    for n in range(12):
        aksi_dengan_riwayat(bukti=n % 3)
    assert count_queries(client, reverse("rad_kla:verifikasi")) == small


def test_the_check_page_query_count_does_not_grow_with_evidence(client, koordinator_klaster3):
    realisasi = aksi_dengan_riwayat(bukti=1)
    client.force_login(koordinator_klaster3)
    url = reverse("rad_kla:realisasi_detail", args=[realisasi.pk])
    small = count_queries(client, url)
    for _ in range(5):
        BuktiDukungFactory(realisasi=realisasi)
    assert count_queries(client, url) == small
