"""Matriks RAD: every action × every period on screen and as .xlsx, figures from the progress engine."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rad_kla.models import Realisasi
from rad_kla.selectors import SEL_CAPAIAN, SEL_NILAI, SEL_STATUS, SEL_TERVERIFIKASI
from tests.gugus_tugas.factories import OPDFactory
from tests.rad_kla.factories import PeriodeFactory, RealisasiFactory, RencanaAksiFactory, TargetTahunanFactory

pytestmark = pytest.mark.django_db

URL = reverse("rad_kla:matriks")
XLSX = reverse("rad_kla:matriks_unduh")


def aksi(kode, *, opd=None, target="10", laporan=(), keluaran="Posyandu aktif"):
    """An action with a 2025 target and reports {quarter: (value, spending, status)}."""
    rencana = RencanaAksiFactory(kode=kode, opd=opd or OPDFactory(), indikator_keluaran=keluaran)
    TargetTahunanFactory(rencana_aksi=rencana, tahun=2025, target=Decimal(target), pagu=80_000_000)
    for nomor, (nilai, anggaran, status) in laporan:
        RealisasiFactory(
            rencana_aksi=rencana,
            periode=PeriodeFactory(tahun=2025, nomor=nomor),
            nilai_capaian=Decimal(nilai),
            realisasi_anggaran=anggaran,
            status=status,
        )
    return rencana


def sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = [" ".join(str(v) for v in (a, b) if v) for a, b in zip(_filled(rows[0]), rows[1], strict=True)]
    return ws, header, rows[2:]


def _filled(row):
    """The merged year header carried over its columns."""
    out, last = [], None
    for i, value in enumerate(row):
        last = value if value is not None or i < 6 else last
        out.append(last if i >= 6 else value)
    return out


def test_each_period_shows_the_reported_level_capaian_and_spending(client, pimpinan):
    for nomor in (1, 2, 3, 4):
        PeriodeFactory(tahun=2025, nomor=nomor)
    aksi(
        "M-1",
        laporan=[
            (1, ("2", 10_000_000, Realisasi.Status.DIVERIFIKASI)),
            (2, ("5", 15_000_000, Realisasi.Status.DIAJUKAN)),
            (3, ("9", 1_000_000, Realisasi.Status.DRAFT)),  # not reported: not in the matrix
        ],
    )
    client.force_login(pimpinan)
    response = client.get(URL, {"dari": 2025, "sampai": 2025})
    assert response.status_code == 200
    rows = response.context["rows"]
    item, years = rows[0]
    assert item.kode == "M-1"
    (tahun, progres, cells) = years[0]
    assert tahun == 2025 and progres["target"] == Decimal("10") and progres["pagu"] == 80_000_000
    by_quarter = {p.nomor: sel for p, sel in cells}
    assert by_quarter[1][SEL_NILAI] == 2 and by_quarter[1][SEL_TERVERIFIKASI]
    assert not by_quarter[2][SEL_TERVERIFIKASI]
    assert by_quarter[2][SEL_CAPAIAN] == pytest.approx(50.0)
    assert by_quarter[2][SEL_STATUS] == "sesuai"  # 50 % at mid-year
    assert by_quarter[1][SEL_STATUS] == "perhatian"  # 20 %: below 85 % of the 25 % expected, above 70 %
    assert by_quarter[3] is None and by_quarter[4] is None
    html = response.content.decode()
    assert "Rp 15.000.000" in html and "Rp 1.000.000" not in html
    assert 'data-testid="matriks-kartu"' in html  # the phone layout: one card per action


def test_the_matrix_follows_the_filters_and_the_year_range(client, pimpinan):
    PeriodeFactory(tahun=2025, nomor=1)
    PeriodeFactory(tahun=2026, nomor=1)
    dinsos = OPDFactory(singkatan="Dinsos")
    aksi("S-1", opd=dinsos)
    aksi("S-2", keluaran="<script>alert(1)</script>")
    client.force_login(pimpinan)
    html = client.get(URL).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    response = client.get(URL, {"opd": dinsos.pk, "dari": 2026, "sampai": 2025})
    assert [item.kode for item, _years in response.context["rows"]] == ["S-1"]
    assert [tahun for tahun, _ps in response.context["per_year"]] == [2025, 2026]
    response = client.get(URL, {"dari": 2026, "sampai": 2026})
    assert [tahun for tahun, _ps in response.context["per_year"]] == [2026]
    response = client.get(URL, {"dari": "tahun", "sampai": 99999})  # unreadable years fall back, no error
    assert response.status_code == 200


def test_the_xlsx_holds_every_action_and_period_with_text_kept_as_text(client, pimpinan):
    PeriodeFactory(tahun=2025, nomor=1)
    PeriodeFactory(tahun=2025, nomor=2)
    aksi("X-00", keluaran='=HYPERLINK("http://x")', laporan=[(2, ("4", 5_000_000, Realisasi.Status.DIAJUKAN))])
    for n in range(2, 30):
        aksi(f"X-{n:02d}")
    client.force_login(pimpinan)
    response = client.get(XLSX, {"dari": 2025, "sampai": 2025})
    ws, header, rows = sheet(response)
    assert len(rows) == 29
    first = dict(zip(header, rows[0], strict=True))
    assert first["Kode"] == "X-00"
    assert first["Indikator keluaran"] == '=HYPERLINK("http://x")'
    assert ws["D3"].data_type != "f"
    assert first["2025 Target"] == 10 and first["2025 Pagu (Rp)"] == 80_000_000
    assert first["2025 Triwulan II 2025 · Realisasi"] == 4
    assert first["2025 Triwulan II 2025 · Capaian (%)"] == pytest.approx(40.0)
    assert first["2025 Triwulan II 2025 · Anggaran (Rp)"] == 5_000_000
    assert first["2025 Triwulan I 2025 · Realisasi"] is None


def test_query_counts_do_not_grow_with_actions_or_periods(client, pimpinan):
    PeriodeFactory(tahun=2025, nomor=1)
    for n in range(3):
        aksi(f"Q-{n}", laporan=[(1, ("1", 0, Realisasi.Status.DIAJUKAN))])
    client.force_login(pimpinan)

    def counted(url):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"dari": 2025, "sampai": 2026}).status_code == 200
        return len(ctx)

    small = counted(URL), counted(XLSX)
    for nomor in (2, 3, 4):
        PeriodeFactory(tahun=2025, nomor=nomor)
    PeriodeFactory(tahun=2026, nomor=1)
    for n in range(3, 40):
        aksi(f"Q-{n}", laporan=[(nomor, ("2", 1, Realisasi.Status.DIAJUKAN)) for nomor in (1, 2, 3)])
    assert (counted(URL), counted(XLSX)) == small


def test_a_user_without_a_role_in_the_rad_is_refused(client, tanpa_peran, petugas_kasus):
    aksi("R-1")
    for user in (tanpa_peran, petugas_kasus):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.get(XLSX).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page
