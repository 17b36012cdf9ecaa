"""The attacker: every case number a non-case-worker can obtain, solved together; no hidden cell may follow.

A Pimpinan and a Koordinator Klaster V collect the statistics page for every year, the
dashboard's trend, and the case-statistics and evaluation PDFs for every year. Every figure is
an equation or a bound on the true counts: a printed number is exact, "<3" is 1..2, "*" is at
least 3 (and, as the reader knows the rule, at most the smallest visible non-zero cell of its
table), "–" is unknown. The tables are linked as the data links them: every victim table of a
year adds up to the year's cell in the per-year table, the child age groups add up to the
indicator-21 total, cases per type add up to at least the number of cases. An integer program
then finds each hidden cell's smallest and largest possible value; they must differ.
"""

import datetime
import html
import re
import subprocess
from collections import defaultdict

import numpy as np
import pytest
from django.utils import timezone
from scipy.optimize import Bounds, LinearConstraint, milp

from evaluasi.reports import laporan_evaluasi_pdf, laporan_kasus_pdf
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

TAHUN = timezone.localdate().year
BESAR = 1000
ANAK = ("0–5", "6–12", "13–17")
SUBTOTAL_ANAK = "Anak (0–17 tahun)"
TABEL_KORBAN = ("Korban per bulan", "Korban per kecamatan", "Korban per kelompok umur", "Korban per jenis kelamin")
TABEL_21 = "Anak korban kekerasan yang terlayani (indikator 21)"


@pytest.fixture
def kasus_kecil(petugas_kasus):
    """Four years built so that each known leak would give a hidden cell away.

    - TAHUN-3: one case with 2 victims, hidden in the per-year table, its year page once printed 2.
    - TAHUN-2: 13 victims; one child of 0–5 beside 4, 3 and an adult 5: the indicator-21 total
      (8 children) once gave the hidden 0–5 and 13–17 cells by subtraction.
    - TAHUN-1: 5 cases, one type each (fisik 3, seksual 2): cases per type add up to at least the
      5 cases of the place table, which once gave the hidden "seksual" cell.
    - TAHUN: 6 victims, all children, for the dashboard's current year.
    """
    alfa, beta, gamma = (KecamatanFactory(nama=n) for n in ("Alfa", "Beta", "Gamma"))
    kel = {k.nama: KelurahanFactory(induk=k) for k in (alfa, beta, gamma)}

    def kasus(tahun, bulan, kecamatan, tempat, jenis, korban, layanan=False, pelaku=()):
        k = KasusFactory(
            tanggal_lapor=datetime.date(tahun, bulan, 3),
            tanggal_kejadian=None,
            kelurahan=kel[kecamatan],
            tempat_kejadian=tempat,
            dibuat_oleh=petugas_kasus,
            jenis=None,
        )
        for j in jenis:
            JenisKekerasanFactory(kasus=k, jenis=j)
        for urutan, (kelamin, umur) in enumerate(korban, start=1):
            KorbanFactory(kasus=k, urutan=urutan, jenis_kelamin=kelamin, umur=umur)
        for urutan, hubungan in enumerate(pelaku, start=1):
            PelakuFactory(kasus=k, urutan=urutan, hubungan=hubungan)
        if layanan:
            LayananFactory(kasus=k, dicatat_oleh=petugas_kasus)

    kasus(TAHUN - 3, 4, "Alfa", "rumah_tangga", ["fisik"], [("P", 9), ("L", 11)], layanan=True, pelaku=["orang_tua"])

    b = TAHUN - 2
    kasus(b, 1, "Alfa", "rumah_tangga", ["fisik"], [("P", 3), ("P", 7), ("L", 8)], layanan=True, pelaku=["orang_tua"])
    kasus(b, 2, "Alfa", "sekolah", ["seksual", "psikis"], [("P", 14), ("P", 15)], layanan=True, pelaku=["guru"])
    kasus(b, 3, "Beta", "rumah_tangga", ["psikis"], [("L", 10), ("L", 11), ("P", 16)], pelaku=["orang_tua"])
    kasus(b, 5, "Beta", "fasilitas_umum", ["fisik"], [("P", 30), ("P", 31), ("L", 32)], layanan=True)
    kasus(b, 6, "Gamma", "rumah_tangga", ["fisik"], [("P", 40), ("L", 41)], pelaku=["pacar", "teman"])

    c = TAHUN - 1
    kasus(c, 1, "Alfa", "rumah_tangga", ["fisik"], [("P", 6), ("L", 7)], layanan=True, pelaku=["orang_tua"])
    kasus(c, 2, "Alfa", "rumah_tangga", ["fisik"], [("P", 8), ("P", 9)], pelaku=["orang_tua"])
    kasus(c, 3, "Beta", "rumah_tangga", ["fisik"], [("L", 12), ("L", 13)], layanan=True, pelaku=["orang_tua"])
    kasus(c, 4, "Beta", "sekolah", ["seksual"], [("P", 14)], layanan=True, pelaku=["guru"])
    kasus(c, 4, "Gamma", "sekolah", ["seksual"], [("P", 15), ("P", 16)], pelaku=["teman"])

    kasus(TAHUN, 1, "Alfa", "rumah_tangga", ["fisik"], [("P", 5), ("L", 6), ("P", 7)], layanan=True)
    kasus(TAHUN, 1, "Beta", "rumah_tangga", ["psikis"], [("P", 8), ("L", 9), ("L", 10)], layanan=True)


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def page_tables(content: str) -> dict[str, dict[str, str]]:
    """Every statistics table of the page: title → {row label or "Jumlah": shown value}."""
    tables = {}
    for block in re.findall(r'<h2 class="h6">(.*?)</table>', content, re.S):
        title, _, body = block.partition("</h2>")
        rows = re.findall(r"<tr[^>]*><td>(.*?)</td><td[^>]*>(.*?)</td></tr>", body, re.S)
        tables[_text(title)] = {_text(label): _text(value) for label, value in rows}
    card = re.search(r'<h2 class="h5">(.*?)</h2>(.*?)</div></div>\s*<div class="row', content, re.S)
    pairs = re.findall(r'<div class="small text-muted">(.*?)</div><div class="fs-4"[^>]*>(.*?)</div>', card.group(2))
    tables[_text(card.group(1))] = {_text(label): _text(value) for label, value in pairs}
    return tables


def pdf_lines(content: bytes) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True).stdout
    return [line.strip() for line in text.decode().splitlines() if line.strip()]


def pdf_tables(content: bytes, titles: set[str]) -> dict[str, dict[str, str]]:
    """Rows of the PDF's statistics tables, read under the last table title seen."""
    tables: dict[str, dict[str, str]] = defaultdict(dict)
    current = None
    for line in pdf_lines(content):
        heading = next((t for t in titles if line.startswith(t)), None)
        if heading:
            current = heading
            continue
        match = re.fullmatch(r"(.+?)\s{2,}(<3|\*|–|\d+)", line)
        if current and match:
            tables[current][match.group(1)] = match.group(2)
        elif current and not match and not re.fullmatch(r"(Tahun\s+Korban|Satu kasus.*|tidak berjumlah.*)", line):
            current = None
    return tables


class Pembaca:
    """What one reader knows: (year, table, row) → the shown strings, from every channel."""

    def __init__(self):
        self.seen: dict[tuple, set[str]] = defaultdict(set)

    def add(self, tahun: int | None, table: str, row: str, value: str):
        self.seen[(tahun, table, row)].add(value)


def collect(client, user) -> Pembaca:
    client.force_login(user)
    pembaca = Pembaca()
    first = client.get("/kasus/statistik/").content.decode()
    years = sorted({int(y) for y in re.findall(r'<option value="(\d{4})"', first)} | {TAHUN - 4, TAHUN + 1})
    titles, shown_years = set(), set()
    for asked in years:
        content = client.get("/kasus/statistik/", {"tahun": asked}).content.decode()
        tahun = int(re.search(r"Statistik kasus kekerasan (\d{4})", content).group(1))
        shown_years.add(tahun)
        tables = page_tables(content)
        for table, rows in tables.items():
            titles.add(table)
            for row, value in rows.items():
                pembaca.add(None if table == "Korban per tahun" else tahun, table, row, value)
    dashboard = client.get("/").content.decode()
    trend = re.search(r'data-testid="tren-kasus">(.*?)</section>', dashboard, re.S).group(1)
    for year, value in re.findall(r"<tr><td>(\d{4})</td><td[^>]*>(.*?)</td></tr>", trend):
        pembaca.add(None, "Korban per tahun", year, _text(value))
    for tahun in sorted(shown_years):
        for content in (laporan_kasus_pdf(tahun=tahun), laporan_evaluasi_pdf(tahun=tahun)):
            for table, rows in pdf_tables(content, titles).items():
                for row, value in rows.items():
                    key = None if table == "Korban per tahun" else tahun
                    pembaca.add(key, table, "Jumlah" if row == "Jumlah" else row, value)
    return pembaca


class Sistem:
    """Integer unknowns for the true counts, and the reader's equations and bounds on them."""

    def __init__(self):
        self.index: dict[tuple, int] = {}
        self.rows: list[tuple[dict[int, int], float, float]] = []
        self.bounds: dict[int, tuple[float, float]] = {}

    def var(self, key) -> int:
        if key not in self.index:
            self.index[key] = len(self.index)
        return self.index[key]

    def relate(self, coefficients: dict, low: float, high: float):
        self.rows.append(({self.var(k): c for k, c in coefficients.items()}, low, high))

    def bound(self, key, low: float, high: float):
        i = self.var(key)
        old = self.bounds.get(i, (0, BESAR))
        self.bounds[i] = (max(old[0], low), min(old[1], high))

    def range_of(self, key) -> tuple[int, int]:
        n = len(self.index)
        matrix = np.zeros((len(self.rows), n))
        low, high = np.zeros(len(self.rows)), np.zeros(len(self.rows))
        for r, (coefficients, lo, hi) in enumerate(self.rows):
            for i, c in coefficients.items():
                matrix[r, i] = c
            low[r], high[r] = lo, hi
        lb = np.array([self.bounds.get(i, (0, BESAR))[0] for i in range(n)])
        ub = np.array([self.bounds.get(i, (0, BESAR))[1] for i in range(n)])

        result = []
        for sign in (1, -1):
            objective = np.zeros(n)
            objective[self.index[key]] = sign
            solved = milp(
                objective,
                constraints=LinearConstraint(matrix, low, high),
                integrality=np.ones(n),
                bounds=Bounds(lb, ub),
            )
            assert solved.success, solved.message
            result.append(round(sign * solved.fun))
        return result[0], result[1]


def build(pembaca: Pembaca) -> tuple[Sistem, list[tuple]]:
    """The reader's system; returns it with the keys of every hidden cell."""
    sistem = Sistem()
    tables: dict[tuple, list[str]] = defaultdict(list)
    for (tahun, table, row), values in pembaca.seen.items():
        assert len(values) == 1, f"{tahun} {table} {row}: two channels print {values}"
        if row != "Jumlah" and not (table == TABEL_21 and row == "Anak korban") and row != "Persentase terlayani":
            tables[(tahun, table)].append(row)
    hidden = []
    for (tahun, table, row), values in pembaca.seen.items():
        value = next(iter(values))
        if row == "Persentase terlayani":
            continue
        key = (tahun, table, "Jumlah" if row == "Anak korban" else row)
        visible = [
            int(v)
            for r in tables[(tahun, table)]
            for v in pembaca.seen[(tahun, table, r)]
            if v.isdigit() and int(v) > 0 and r != SUBTOTAL_ANAK
        ]
        if value.isdigit():
            sistem.bound(key, int(value), int(value))
        elif value == "<3":
            sistem.bound(key, 1, 2)
            hidden.append(key)
        elif value == "*":
            sistem.bound(key, 3, min(visible) if visible and row != SUBTOTAL_ANAK else BESAR)
            hidden.append(key)
        elif value == "–":
            hidden.append(key)
        else:
            sistem.var(key)
    years = {tahun for tahun, _ in tables if tahun is not None}
    for tahun in years:
        total = (None, "Korban per tahun", str(tahun))
        for table in TABEL_KORBAN:
            rows = [r for r in tables.get((tahun, table), []) if r != SUBTOTAL_ANAK]
            if rows:
                sistem.relate({**{(tahun, table, r): 1 for r in rows}, total: -1}, 0, 0)
                sistem.relate({(tahun, table, "Jumlah"): 1, total: -1}, 0, 0)
        umur = "Korban per kelompok umur"
        if (tahun, umur) in tables:
            children = {(tahun, umur, r): 1 for r in ANAK}
            sistem.relate({**children, (tahun, umur, SUBTOTAL_ANAK): -1}, 0, 0)
            sistem.relate({**children, (tahun, TABEL_21, "Jumlah"): -1}, 0, 0)
        if (tahun, TABEL_21) in tables:
            served = {(tahun, TABEL_21, r): 1 for r in tables[(tahun, TABEL_21)]}
            sistem.relate({**served, (tahun, TABEL_21, "Jumlah"): -1}, 0, 0)
        tempat, jenis = "Kasus per tempat kejadian", "Kasus per jenis kekerasan"
        if (tahun, tempat) in tables:
            cases = (tahun, tempat, "Jumlah")
            sistem.relate({**{(tahun, tempat, r): 1 for r in tables[(tahun, tempat)]}, cases: -1}, 0, 0)
            sistem.relate({cases: 1, total: -1}, -BESAR, 0)  # a case has at least one victim
            sistem.relate({**{(tahun, jenis, r): 1 for r in tables.get((tahun, jenis), [])}, cases: -1}, 0, BESAR)
            for table in (jenis, "Kasus per layanan yang diterima"):
                for r in tables.get((tahun, table), []):
                    sistem.relate({(tahun, table, r): 1, cases: -1}, -BESAR, 0)
        relasi = "Pelaku per hubungan dengan korban"
        if (tahun, relasi) in tables:
            rows = {(tahun, relasi, r): 1 for r in tables[(tahun, relasi)]}
            sistem.relate({**rows, (tahun, relasi, "Jumlah"): -1}, 0, 0)
    return sistem, hidden


@pytest.mark.parametrize("reader", ["pimpinan", "koordinator_klaster5"])
def test_no_hidden_cell_follows_from_everything_a_reader_can_obtain(client, kasus_kecil, reader, request):
    pembaca = collect(client, request.getfixturevalue(reader))
    assert pembaca.seen[(None, "Korban per tahun", str(TAHUN - 3))] == {"<3"}
    assert pembaca.seen[(TAHUN - 1, "Kasus per tempat kejadian", "Jumlah")] == {"5"}
    sistem, hidden = build(pembaca)
    assert hidden, "the fixture has small cells"
    determined = {key: sistem.range_of(key) for key in hidden}
    assert [key for key, (low, high) in determined.items() if low == high] == []


def test_the_pdfs_are_read_as_the_attacker_reads_them(client, kasus_kecil, pimpinan):
    """Guards the collector: it finds every table of the year page in the PDFs, row for row."""
    client.force_login(pimpinan)
    page = page_tables(client.get("/kasus/statistik/", {"tahun": TAHUN - 2}).content.decode())
    page.pop("Korban per tahun")
    page[TABEL_21] = {k: v for k, v in page[TABEL_21].items() if k in {"Terlayani", "Belum terlayani"}}
    for content in (laporan_kasus_pdf(tahun=TAHUN - 2), laporan_evaluasi_pdf(tahun=TAHUN - 2)):
        tables = pdf_tables(content, set(page))
        assert {title: tables[title] for title in page} == page
