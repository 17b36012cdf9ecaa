"""A RAD matrix as regions publish it (lampiran of a Perwali/Perbup): its merged layout read, a role proposed for every
column and row, every action checked into the rows rad_kla.services.rencana_aksi_import saves.

The engine, in the order a caller uses it (the import command, the browser preview, a future mapping form):

- ``lembar_terbit_read(berkas) -> Lembar``: the first sheet's values and merged ranges (bounded, safe).
- ``pemetaan_detect(lembar, tahun=[...]) -> Pemetaan``: the header block and a role (and year) per column.
- ``pemetaan_apply(deteksi, simpanan) -> Pemetaan``: a saved, user-corrected mapping laid over a new file.
- ``baris_classify(lembar, pemetaan) -> list[str]``: a role per row (BarisPeran).
- ``matriks_terbit_parse(berkas, pemetaan=None) -> (ImportResult, rows, RingkasanTerbit)``: all of the above,
  every action row checked; the summary says what was read (actions, pagu per year, rows skipped by role) and
  the errors grouped by kind, each with its count and first rows.

A Pemetaan is plain data (``as_dict``/``from_dict``) kept per region as rad_kla.models.PemetaanImpor.
"""

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.spreadsheet import angka_parse, lembar_merged_read, lembar_rows_read
from gugus_tugas.models import Wilayah
from gugus_tugas.selectors import profil_daerah_get

from ..models import UANG_MAKS, NamaLainLokasi, NamaLainSumberDana, SumberDana
from .columns import rad_years
from .import_ import HEADER_KEYS as TEMPLATE_HEADERS
from .import_ import HEADER_SEARCH_ROWS as TEMPLATE_SEARCH_ROWS
from .import_ import ImportResult, RencanaAksiRow, RowError, _Lookups
from .import_ import _normalise as _template_normalise
from .import_ import _text as _template_text

# A published matrix of 5,000 actions has some 6,000 rows with its headers, bands and subtotals.
MAKS_BARIS = 12_000
MAKS_KOLOM = 80
# Merged cells filled from their range's first cell: per range, and in all.
MAKS_SEL_GABUNG = 50_000
MAKS_SEL_TERISI = 1_000_000
HEADER_SEARCH_ROWS = 30
# Sheets tried for the matrix when the first is a cover or a list of contents.
MAKS_LEMBAR = 10
MAKS_BARIS_JUDUL = 4
TWO_PLACES = Decimal("0.01")
MAX_DIGITS_BEFORE_POINT = 14
# Rows named per value in a grouped error; values named per kind in its sentence.
CONTOH_BARIS = 10
CONTOH_NILAI = 5
PROGRESS_EVERY = 200

PERAN_KOLOM = {
    "no": gettext_lazy("Nomor"),
    "kode": gettext_lazy("Kode"),
    "klaster": gettext_lazy("Klaster"),
    "indikator": gettext_lazy("Indikator KLA"),
    "nomenklatur": gettext_lazy("Program / kegiatan / sub kegiatan"),
    "program": gettext_lazy("Program"),
    "kegiatan": gettext_lazy("Kegiatan"),
    "sub_kegiatan": gettext_lazy("Sub kegiatan"),
    "uraian": gettext_lazy("Uraian aksi"),
    "indikator_kinerja": gettext_lazy("Indikator kinerja"),
    "satuan": gettext_lazy("Satuan"),
    "baseline": gettext_lazy("Baseline"),
    "arah": gettext_lazy("Arah"),
    "target": gettext_lazy("Target (per tahun)"),
    "pagu": gettext_lazy("Pagu (per tahun)"),
    "sumber_dana": gettext_lazy("Sumber dana"),
    "opd": gettext_lazy("OPD penanggung jawab"),
    "opd_pendukung": gettext_lazy("OPD pendukung"),
    "lokasi": gettext_lazy("Lokasi"),
    "keterangan": gettext_lazy("Keterangan"),
    "abaikan": gettext_lazy("Abaikan"),
}
PERAN_TAHUNAN = {"target", "pagu"}
# Roles more than one column may hold: several code columns (program, kegiatan, sub kegiatan), notes.
PERAN_GANDA = {"kode", "keterangan", "abaikan", "no"} | PERAN_TAHUNAN
NUMERIC = {"target", "pagu", "baseline"}

# Header words, tried in this order on each header part, the most specific (lowest) part first.
SINONIM = [
    (
        "opd_pendukung",
        [
            "opd pendukung",
            "opd terkait",
            "perangkat daerah pendukung",
            "perangkat daerah terkait",
            "pd pendukung",
            "pd terkait",
            "instansi terkait",
            "pendukung",
            "mitra",
            "terkait",
        ],
    ),
    (
        "opd",
        [
            "opd penanggung jawab",
            "penanggung jawab",
            "penanggungjawab",
            "opd pengampu",
            "pd pengampu",
            "perangkat daerah",
            "pelaksana",
            "pengampu",
            "opd",
            "pd",
            "leading sector",
            "instansi",
        ],
    ),
    (
        "indikator_kinerja",
        ["indikator kinerja", "indikator keluaran", "indikator output", "indikator sasaran", "keluaran", "output"],
    ),
    ("indikator", ["indikator kla", "indikator kota layak anak", "indikator kabupaten layak anak"]),
    ("klaster", ["klaster", "cluster"]),
    ("uraian", ["uraian aksi", "rencana aksi", "kegiatan aksi", "aksi", "uraian kegiatan", "uraian"]),
    ("sub_kegiatan", ["sub kegiatan", "subkegiatan"]),
    ("kegiatan", ["kegiatan"]),
    ("program", ["program"]),
    ("satuan", ["satuan"]),
    ("baseline", ["baseline", "kondisi awal", "capaian awal", "situasi sekarang", "nilai dasar", "data dasar"]),
    ("arah", ["arah"]),
    ("sumber_dana", ["sumber dana", "sumber anggaran", "sumber pendanaan", "sumber"]),
    ("lokasi", ["lokasi", "wilayah", "tempat"]),
    ("keterangan", ["keterangan", "ket", "catatan"]),
    ("no", ["no", "nomor", "no urut"]),
    ("indikator_kinerja", ["indikator"]),
]
KATA_PAGU = ("pagu", "anggaran", "rp", "biaya", "dana", "rupiah")
KATA_TARGET = ("target", "volume", "kinerja", "sasaran")
KATA_REALISASI = ("realisasi", "capaian")
TAHUN = re.compile(r"\b(20\d\d)\b")
SUB_JUDUL_TAHUN = re.compile(r"^(?:(?:tahun )?20\d\d|target|pagu)$")
KODE = re.compile(r"^\d+(?:\.[0-9A-Za-z]+)+\.?$")
BAND_KLASTER = re.compile(r"^(?:klaster|cluster)\b|^kelembagaan\b", re.IGNORECASE)
BAND_INDIKATOR = re.compile(r"^indikator\s*(?:kla\s*)?(?:no\.?\s*)?\d", re.IGNORECASE)
INDIKATOR_NOMOR = re.compile(r"^(?:indikator\s*(?:kla\s*)?(?:no\.?\s*)?)?(?P<kode>\d{1,2}[a-z]?)\b", re.IGNORECASE)
# A band merged across the sheet without the word: "III. KESEHATAN DASAR …" (a klaster), "17. PAUD …" (an indikator).
PITA_KLASTER = re.compile(r"^[IVX]{1,4}\s*[.):]\s")
PITA_INDIKATOR = re.compile(r"^\d{1,2}[a-z]?\s*[.):]\s")
SUBTOTAL = re.compile(r"^(?:sub\s*-?\s*total|jumlah|total|grand total)\b", re.IGNORECASE)
TANDA_TANGAN = re.compile(
    r"^(?:wali\s*kota|walikota|bupati|wakil\s+(?:wali|bupati)|sekretaris\s+daerah|ditetapkan\s+di|pada\s+tanggal"
    r"|nip\b|ttd\b|a\.?\s*n\.?\s)",
    re.IGNORECASE,
)
PREFIKS_TINGKAT = re.compile(r"^(?P<tingkat>sub\s*kegiatan|kegiatan|program)\s*[:.\-]?\s*", re.IGNORECASE)
ANGKA_SATUAN = re.compile(r"^(?P<angka>[\d.,]+)\s*(?P<satuan>%|[A-Za-z].{0,49})$")
SELURUH_DAERAH = re.compile(
    r"^(?:seluruh|semua|se-?)\s*(?:kota|kabupaten|kecamatan|kelurahan|desa|wilayah)\b|^\d+\s*(?:kecamatan|kelurahan|desa)\b"
    r"|^(?:kota|kabupaten)$",
    re.IGNORECASE,
)
PREFIKS_WILAYAH = re.compile(r"^(?:kec\.?|kecamatan|kel\.?|kelurahan|desa)\s+", re.IGNORECASE)
KOSONG_TERTULIS = {"-", "–", "—", "--"}
PEMISAH = re.compile(r"\s*(?:[;,\n/]|\s\+\s|&)\s*")


class BarisPeran:
    """What a row of a published matrix is."""

    JUDUL = "judul"
    KOSONG = "kosong"
    KLASTER = "klaster"
    INDIKATOR = "indikator"
    PITA = "pita"
    PROGRAM = "program"
    KEGIATAN = "kegiatan"
    SUB_KEGIATAN = "sub_kegiatan"
    AKSI = "aksi"
    SUBTOTAL = "subtotal"
    TANDA_TANGAN = "tanda_tangan"
    LAIN = "lain"

    LABEL = {
        JUDUL: gettext_lazy("judul dan nomor kolom"),
        KOSONG: gettext_lazy("kosong"),
        KLASTER: gettext_lazy("pita klaster"),
        INDIKATOR: gettext_lazy("pita indikator"),
        PITA: gettext_lazy("pita lain"),
        PROGRAM: gettext_lazy("program"),
        KEGIATAN: gettext_lazy("kegiatan"),
        SUB_KEGIATAN: gettext_lazy("sub kegiatan"),
        AKSI: gettext_lazy("aksi"),
        SUBTOTAL: gettext_lazy("jumlah / total"),
        TANDA_TANGAN: gettext_lazy("tanda tangan"),
        LAIN: gettext_lazy("tidak dikenali"),
    }


def _text(value) -> str:
    """The template import's cell text, with runs of space as one (a published matrix wraps its headers)."""
    return " ".join(_template_text(value).split())


def _normalise(value) -> str:
    text = str(value or "").lower()
    text = re.sub(r"[\s_\-/().:,*&+\[\]]+", " ", text)
    return text.strip()


def _has_phrase(text: str, phrase: str) -> bool:
    return re.search(rf"(?:^| ){re.escape(phrase)}(?: |$)", text) is not None


# Reading ------------------------------------------------------------------------------------------------------


@dataclass
class Lembar:
    """A sheet's raw values (0-based rows × columns, padded) and, for every merged cell but the first, its first."""

    rows: list[list]
    anchor: dict = field(default_factory=dict)
    judul: str = ""
    # Titles of every sheet of the workbook, this one included.
    semua_judul: list = field(default_factory=list)
    # Row → the widest merged range across it (columns), for band rows.
    lebar_gabung: dict = field(default_factory=dict)

    @property
    def kolom(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def value(self, r: int, c: int, *, isi: bool = True):
        """The cell's value; `isi` fills a merged cell with its range's first value."""
        if isi and (r, c) in self.anchor:
            r, c = self.anchor[(r, c)]
        return self.rows[r][c] if c < len(self.rows[r]) else None


def lembar_terbit_read(berkas, *, maks_baris: int = MAKS_BARIS, lembar: int = 0) -> Lembar:
    """One sheet (the first by default) of an uploaded .xlsx with its merged ranges; ValidationError with one
    sentence when the file is unreadable.

    Memory stays that of openpyxl's read-only mode: values are streamed, merged ranges come from the sheet's
    XML. Trailing empty columns are dropped.
    """
    raw, merged, titles = lembar_merged_read(berkas, maks=maks_baris, maks_kolom=MAKS_KOLOM, lembar=lembar)
    width = 0
    for row in raw:
        for index in range(len(row) - 1, -1, -1):
            if row[index] is not None and _text(row[index]):
                width = max(width, index + 1)
                break
    rows = [list(row[:width]) + [None] * (width - len(row[:width])) for row in raw]
    sheet = Lembar(rows=rows, judul=titles[lembar] if lembar < len(titles) else "", semua_judul=titles)
    for min_row, min_col, max_row, max_col in merged:
        max_col = min(max_col, width)
        area = (max_row - min_row + 1) * (max_col - min_col + 1)
        # A block merged over a whole page (a watermark, a frame) is no header, band or OPD cell: left unfilled,
        # so filling stays within a bounded memory whatever the file holds.
        if area > MAKS_SEL_GABUNG or len(sheet.anchor) + area > MAKS_SEL_TERISI:
            continue
        first = (min_row - 1, min_col - 1)
        for r in range(min_row - 1, max_row):
            for c in range(min_col - 1, max_col):
                if (r, c) != first:
                    sheet.anchor[(r, c)] = first
            span = max_col - min_col + 1
            if span > sheet.lebar_gabung.get(r, 0):
                sheet.lebar_gabung[r] = span
    return sheet


# Columns ------------------------------------------------------------------------------------------------------


@dataclass
class KolomPeta:
    """One column: its 0-based index, its header text (the header rows joined by " | "), its role and year."""

    indeks: int
    judul: str
    peran: str
    tahun: int | None = None


@dataclass
class Pemetaan:
    """Column → role (and year) of a published matrix, and where its header block lies (1-based rows).

    `data_mulai` is the first row below the headers (and the row of column numbers, when there is one).
    """

    kolom: list[KolomPeta]
    judul_mulai: int = 1
    judul_akhir: int = 1
    data_mulai: int = 2
    baris_nomor: int | None = None
    # The sheet (0-based position) the matrix is on.
    lembar: int = 0

    def indeks(self, peran: str) -> list[int]:
        return [k.indeks for k in self.kolom if k.peran == peran]

    def tahunan(self) -> dict[int, tuple[str, int]]:
        """Column index → (target or pagu, year)."""
        return {k.indeks: (k.peran, k.tahun) for k in self.kolom if k.peran in PERAN_TAHUNAN and k.tahun}

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Pemetaan":
        """A mapping from JSON (a saved PemetaanImpor or a corrected form); ValueError when it is malformed."""
        try:
            kolom = [
                KolomPeta(
                    indeks=int(k["indeks"]),
                    judul=str(k.get("judul", "")),
                    peran=str(k["peran"]),
                    tahun=int(k["tahun"]) if k.get("tahun") else None,
                )
                for k in data["kolom"]
            ]
            mapping = cls(
                kolom=kolom,
                judul_mulai=int(data.get("judul_mulai", 1)),
                judul_akhir=int(data.get("judul_akhir", 1)),
                data_mulai=int(data.get("data_mulai", 2)),
                baris_nomor=int(data["baris_nomor"]) if data.get("baris_nomor") else None,
                lembar=int(data.get("lembar", 0)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError("pemetaan tidak sah") from exc
        unknown = {k.peran for k in kolom} - set(PERAN_KOLOM)
        if unknown:
            raise ValueError(f"peran tidak dikenal: {sorted(unknown)}")
        return mapping


def _is_number_row(cells: list) -> bool:
    """A row of column numbers: (1), 2, 3, … in order, at least four, and little else."""
    numbers, other = [], 0
    for cell in cells:
        text = _text(cell).strip("()")
        if not text:
            continue
        if text.isdigit():
            numbers.append(int(text))
        else:
            other += 1
    return len(numbers) >= 4 and numbers[0] == 1 and numbers == sorted(set(numbers)) and other <= len(numbers) // 4


def _header_score(cells: list) -> int:
    """How many different header words a row holds (a title merged across the sheet counts once)."""
    texts = {_normalise(_text(cell)) for cell in cells} - {""}
    return sum(1 for text in texts if _column_role([text])[0] != "abaikan" or TAHUN.search(text))


def _column_role(parts: list[str]) -> tuple[str, int | None]:
    """A column's role and year from its normalised header parts (top to bottom)."""
    joined = " ".join(parts)
    year_match = TAHUN.search(joined)
    if year_match:
        tahun = int(year_match[1])
        if any(_has_phrase(joined, w) for w in ("baseline", "kondisi awal", "capaian awal", "data dasar")):
            return "baseline", None
        for part in reversed(parts):
            pagu = any(_has_phrase(part, w) for w in KATA_PAGU)
            target = any(_has_phrase(part, w) for w in KATA_TARGET)
            if any(_has_phrase(part, w) for w in KATA_REALISASI) and not (pagu or target):
                return "abaikan", tahun
            if pagu != target:
                return ("pagu" if pagu else "target"), tahun
        return "target", tahun
    for part in reversed(parts):
        if part.startswith("kode"):
            return "kode", None
        if _has_phrase(part, "program") and _has_phrase(part, "kegiatan"):
            return "nomenklatur", None
        for peran, phrases in SINONIM:
            if any(_has_phrase(part, phrase) for phrase in phrases):
                return peran, None
    return "abaikan", None


def _header_block(lembar: Lembar) -> tuple[int, int, int | None]:
    """0-based first and last header row and the row of column numbers (or None)."""
    top = lembar.rows[:HEADER_SEARCH_ROWS]
    nomor = next((i for i, row in enumerate(top) if _is_number_row(row)), None)
    if nomor is not None and nomor > 0:
        akhir = nomor - 1
        mulai = akhir
        while mulai > 0 and akhir - mulai + 1 < MAKS_BARIS_JUDUL:
            above = [_text(lembar.value(mulai - 1, c)) for c in range(lembar.kolom)]
            if len({t for t in above if t}) < 2 or _header_score(above) == 0:
                break
            mulai -= 1
        return mulai, akhir, nomor
    scores = [_header_score([lembar.value(r, c) for c in range(lembar.kolom)]) for r in range(len(top))]
    if not scores or max(scores) == 0:
        return 0, 0, None
    # The first row with many header words: the rows under it repeat its merged cells and add the years.
    threshold = min(max(scores), max(3, max(scores) // 2))
    mulai = next(i for i, score in enumerate(scores) if score >= threshold)
    akhir = mulai
    while akhir + 1 < len(top) and akhir - mulai + 1 < MAKS_BARIS_JUDUL:
        below = [_normalise(_text(lembar.value(akhir + 1, c, isi=False))) for c in range(lembar.kolom)]
        merged_down = any(
            (akhir + 1, c) in lembar.anchor and lembar.anchor[(akhir + 1, c)][0] <= akhir for c in range(lembar.kolom)
        )
        yearly = any(TAHUN.fullmatch(t) or t in ("target", "pagu", "rp") for t in below if t)
        if not (merged_down or yearly) or any(KODE.match(t.replace(" ", ".")) for t in below if t):
            break
        akhir += 1
    return mulai, akhir, None


def pemetaan_detect(lembar: Lembar, *, tahun: list[int] | None = None) -> Pemetaan:
    """The header block of a published matrix and a proposed role (and year) for every column.

    Merged header cells count for every column they cover, so "TARGET DAN PAGU INDIKATIF" over "2024" over
    "Target" gives a target column of 2024. Years outside `tahun` (the RAD years) and columns that say
    nothing known get the role "abaikan".
    """
    years = set(tahun or rad_years())
    mulai, akhir, nomor = _header_block(lembar)
    kolom, seen = [], set()
    for c in range(lembar.kolom):
        parts = []
        for r in range(mulai, akhir + 1):
            text = _text(lembar.value(r, c))
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        peran, year = _column_role([_normalise(p) for p in parts]) if parts else ("abaikan", None)
        if peran in PERAN_TAHUNAN and year not in years:
            peran = "abaikan"
        key = (peran, year) if peran in PERAN_TAHUNAN else peran
        if peran not in PERAN_GANDA and key in seen:
            peran = "abaikan"
        seen.add(key)
        kolom.append(KolomPeta(indeks=c, judul=" | ".join(parts), peran=peran, tahun=year))
    data_mulai = (nomor if nomor is not None else akhir) + 2
    return Pemetaan(
        kolom=kolom,
        judul_mulai=mulai + 1,
        judul_akhir=akhir + 1,
        data_mulai=data_mulai,
        baris_nomor=nomor + 1 if nomor is not None else None,
    )


def pemetaan_apply(deteksi: Pemetaan, simpanan: Pemetaan) -> Pemetaan:
    """A saved mapping laid over what was detected in a new file: a column takes the saved role of the column
    with the same header text, else of the same position when the header is empty in both; the header block
    stays the detected one.
    """
    by_title = {_normalise(k.judul): k for k in simpanan.kolom if k.judul}
    by_index = {k.indeks: k for k in simpanan.kolom}
    kolom = []
    for k in deteksi.kolom:
        saved = by_title.get(_normalise(k.judul)) if k.judul else None
        if saved is None and not k.judul and k.indeks in by_index and not by_index[k.indeks].judul:
            saved = by_index[k.indeks]
        kolom.append(KolomPeta(k.indeks, k.judul, saved.peran, saved.tahun) if saved else k)
    return Pemetaan(
        kolom=kolom,
        judul_mulai=deteksi.judul_mulai,
        judul_akhir=deteksi.judul_akhir,
        data_mulai=deteksi.data_mulai,
        baris_nomor=deteksi.baris_nomor,
        lembar=deteksi.lembar,
    )


# Rows ---------------------------------------------------------------------------------------------------------


def _code_level(code: str) -> str:
    parts = len(code.rstrip(".").split("."))
    if parts >= 6:
        return BarisPeran.SUB_KEGIATAN
    if parts >= 4:
        return BarisPeran.KEGIATAN
    return BarisPeran.PROGRAM


class _RowView:
    """The cells of one data row by role: text roles read merged cells filled, numbers only where written."""

    def __init__(self, lembar: Lembar, pemetaan: Pemetaan, r: int):
        self.r = r
        self.lembar = lembar
        self.pemetaan = pemetaan
        self.roles = {k.indeks: k.peran for k in pemetaan.kolom}

    def texts(self, peran: str) -> list[str]:
        return [_text(self.lembar.value(self.r, c)) for c in self.pemetaan.indeks(peran)]

    def text(self, peran: str) -> str:
        """The first filled cell of the role's columns; a lone dash reads as empty."""
        return next((t for t in self.texts(peran) if t and t not in KOSONG_TERTULIS), "")

    def raw(self, c: int):
        return self.lembar.value(self.r, c, isi=self.roles.get(c) not in NUMERIC)

    def code(self) -> str:
        codes = [t for t in self.texts("kode") if KODE.match(t)]
        return max(codes, key=lambda t: t.count("."), default="")


def _row_role(view: _RowView, lebar_pita: int) -> str:
    lembar, r = view.lembar, view.r
    filled = [_text(lembar.value(r, c)) for c in range(lembar.kolom)]
    texts = [t for t in filled if t]
    # A row holding nothing of its own (only the lower part of cells merged from above) is empty.
    if not texts or not any(_text(v) for v in lembar.rows[r]):
        return BarisPeran.KOSONG
    if _is_number_row(lembar.rows[r]):
        return BarisPeran.JUDUL
    distinct = list(dict.fromkeys(texts))
    wide = lembar.lebar_gabung.get(r, 0) >= lebar_pita
    if len(distinct) == 1 or wide:
        band = distinct[0]
        if BAND_KLASTER.match(band):
            return BarisPeran.KLASTER
        if BAND_INDIKATOR.match(band):
            return BarisPeran.INDIKATOR
        if wide and len(distinct) == 1:
            if PITA_KLASTER.match(band):
                return BarisPeran.KLASTER
            if PITA_INDIKATOR.match(band):
                return BarisPeran.INDIKATOR
            return BarisPeran.PITA
    left = [_text(lembar.value(r, c)) for c in range(lembar.kolom) if view.roles.get(c) not in NUMERIC]
    first_text = next((t for t in left if t and not t.isdigit()), "")
    # "Jumlah sekolah ramah anak" may well be an action: a subtotal row says nothing else in the action's columns.
    others = {t for peran in ("uraian", "indikator_kinerja", "satuan") for t in view.texts(peran)} - {first_text, ""}
    if SUBTOTAL.match(first_text) and not others:
        return BarisPeran.SUBTOTAL
    code = view.code()
    signed = TANDA_TANGAN.match(first_text) or any(TANDA_TANGAN.match(t) for t in distinct[-2:])
    if signed and not code and not any(_text(lembar.value(r, c, isi=False)) for c in view.pemetaan.tahunan()):
        return BarisPeran.TANDA_TANGAN
    has_action = bool(view.text("uraian")) or (
        not view.pemetaan.indeks("uraian") and bool(view.text("indikator_kinerja"))
    )
    if has_action:
        return BarisPeran.AKSI
    if code:
        return _code_level(code)
    for peran in ("sub_kegiatan", "kegiatan", "program"):
        own = [c for c in view.pemetaan.indeks(peran) if (r, c) not in lembar.anchor and _text(lembar.value(r, c))]
        if own:
            return peran
    name = view.text("nomenklatur")
    prefix = PREFIKS_TINGKAT.match(name)
    if prefix:
        return _normalise(prefix["tingkat"]).replace(" ", "_").replace("subkegiatan", "sub_kegiatan")
    if any(_text(lembar.value(r, c, isi=False)) for c in view.pemetaan.tahunan()):
        return BarisPeran.AKSI
    return BarisPeran.LAIN


def baris_classify(lembar: Lembar, pemetaan: Pemetaan) -> list[str]:
    """A BarisPeran for every row of the sheet, header rows included; after a signature row all rows are signature."""
    used = [k.indeks for k in pemetaan.kolom if k.peran != "abaikan"] or list(range(lembar.kolom))
    lebar_pita = max(3, (len(used) + 1) // 2)
    roles = [BarisPeran.JUDUL] * min(pemetaan.data_mulai - 1, len(lembar.rows))
    signed = False
    for r in range(len(roles), len(lembar.rows)):
        if signed:
            roles.append(BarisPeran.TANDA_TANGAN if any(_text(v) for v in lembar.rows[r]) else BarisPeran.KOSONG)
            continue
        role = _row_role(_RowView(lembar, pemetaan, r), lebar_pita)
        signed = role == BarisPeran.TANDA_TANGAN
        roles.append(role)
    return roles


# Errors -------------------------------------------------------------------------------------------------------

JUDUL_GALAT = {
    "kolom": gettext_lazy("Kolom"),
    "indikator_kosong": gettext_lazy("Indikator KLA tidak diketahui"),
    "indikator_tidak_dikenal": gettext_lazy("Indikator KLA tidak dikenal"),
    "opd_kosong": gettext_lazy("OPD penanggung jawab kosong"),
    "opd_tidak_dikenal": gettext_lazy("OPD tidak dikenal"),
    "opd_pendukung_tidak_dikenal": gettext_lazy("OPD pendukung tidak dikenal"),
    "uraian_kosong": gettext_lazy("Uraian aksi kosong"),
    "satuan_kosong": gettext_lazy("Satuan kosong"),
    "terlalu_panjang": gettext_lazy("Isian terlalu panjang"),
    "target_bukan_angka": gettext_lazy("Target bukan angka"),
    "pagu_bukan_angka": gettext_lazy("Pagu bukan angka Rupiah"),
    "pagu_tanpa_target": gettext_lazy("Pagu tanpa target"),
    "baseline_bukan_angka": gettext_lazy("Baseline bukan angka"),
    "sumber_dana_tidak_dikenal": gettext_lazy("Sumber dana tidak dikenal"),
    "lokasi_tidak_dikenal": gettext_lazy("Lokasi tidak dikenal"),
    "lokasi_ganda": gettext_lazy("Lokasi lebih dari satu wilayah"),
    "arah_tidak_dikenal": gettext_lazy("Arah tidak dikenal"),
    "sumber_dana_ganda": gettext_lazy("Sumber dana lebih dari satu"),
    "baris_ganda": gettext_lazy("Aksi tertulis dua kali"),
    "baris_tidak_dikenali": gettext_lazy("Baris tidak dikenali"),
    "jumlah_berbeda": gettext_lazy("Jumlah pagu tertulis berbeda dari rinciannya"),
}


@dataclass
class KelompokGalat:
    """One kind of problem: how many rows, and per value (an unknown OPD name, …) its count and first rows."""

    jenis: str
    judul: str
    jumlah: int = 0
    nilai: list[dict] = field(default_factory=list)

    def kalimat(self) -> str:
        """ "OPD tidak dikenal: 15 baris — Dinas PPPAPPKB (baris 12, 40, …); Dinkes Kota (baris 7)"."""
        parts = []
        for item in self.nilai[:CONTOH_NILAI]:
            rows = ", ".join(str(b) for b in item["baris"]) + (", …" if item["jumlah"] > len(item["baris"]) else "")
            label = f"{item['nilai']} " if item["nilai"] else ""
            parts.append(f"{label}({_('baris')} {rows})")
        if len(self.nilai) > CONTOH_NILAI:
            parts.append(_("dan %(jumlah)s lainnya") % {"jumlah": len(self.nilai) - CONTOH_NILAI})
        return _("%(judul)s: %(jumlah)s baris — %(rincian)s") % {
            "judul": self.judul,
            "jumlah": self.jumlah,
            "rincian": "; ".join(parts),
        }


class _Galat:
    """Problems by kind and value, each with its rows; `lembar` is the sheet being read, named in the rows once
    a matrix spans several sheets (`banyak_lembar`)."""

    def __init__(self):
        self.rows: dict[str, dict[str, list[tuple[str, int]]]] = defaultdict(lambda: defaultdict(list))
        self.lembar = ""
        self.banyak_lembar = False

    def add(self, jenis: str, baris: int, nilai: str = "") -> None:
        self.rows[jenis][nilai[:120]].append((self.lembar, baris))

    def label(self, lembar: str, baris: int) -> int | str:
        return f"{baris} ({lembar})" if self.banyak_lembar else baris

    def groups(self) -> list[KelompokGalat]:
        result = []
        for jenis, by_value in self.rows.items():
            values = sorted(by_value.items(), key=lambda item: (-len(item[1]), item[1][0]))
            nilai = [
                {"nilai": v, "jumlah": len(rows), "baris": [self.label(*row) for row in rows[:CONTOH_BARIS]]}
                for v, rows in values
            ]
            jumlah = len({row for rows in by_value.values() for row in rows})
            result.append(KelompokGalat(jenis=jenis, judul=str(JUDUL_GALAT[jenis]), jumlah=jumlah, nilai=nilai))
        return sorted(result, key=lambda g: -g.jumlah)


# Checking -----------------------------------------------------------------------------------------------------


@dataclass
class RingkasanTerbit:
    """What a published matrix held: the sheet's title, action rows, pagu per year and in all (Rupiah, over
    every action row whose pagu reads as a number, valid or not), targets per year, rows skipped by role
    (BarisPeran; blank rows not counted), the mapping used (Pemetaan.as_dict), and the errors (blocking) and
    warnings, each a KelompokGalat as a dict."""

    lembar: str = ""
    baris_aksi: int = 0
    pagu_per_tahun: dict = field(default_factory=dict)
    pagu_total: int = 0
    target_per_tahun: dict = field(default_factory=dict)
    dilewati: dict = field(default_factory=dict)
    pemetaan: dict = field(default_factory=dict)
    galat: list = field(default_factory=list)
    peringatan: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


class _Referensi(_Lookups):
    """The template import's lookups plus the region's aliases of funding sources and places."""

    def __init__(self):
        super().__init__()
        self.sumber = {_key(v): v for v in SumberDana.values}
        self.sumber |= {_key(label): v for v, label in SumberDana.choices}
        self.sumber |= {_key(a.nama): a.sumber_dana for a in NamaLainSumberDana.objects.all()}
        self.lokasi_alias = {_key(a.nama): a.wilayah for a in NamaLainLokasi.objects.select_related("wilayah")}
        profil = profil_daerah_get()
        self.daerah = set()
        if profil:
            self.daerah = {_key(profil.nama_daerah), _key(profil.nama_lengkap)}
        self.by_name = defaultdict(list)
        self.by_kode = {}
        for wilayah_list in self.wilayah.values():
            for w in wilayah_list:
                if w.kode:
                    self.by_kode[w.kode] = w
                # Found by its bare name whether it is stored as "Bangko" or as "Kecamatan Bangko".
                self.by_name[_key(PREFIKS_WILAYAH.sub("", w.nama))].append(w)

    def find_sumber(self, text: str) -> str | None:
        return self.sumber.get(_key(text))

    def find_lokasi(self, text: str) -> tuple[bool, Wilayah | None]:
        """(known, wilayah): a whole-region phrase is (True, None)."""
        key = _key(text)
        if key in self.lokasi_alias:
            return True, self.lokasi_alias[key]
        if key in self.daerah or SELURUH_DAERAH.match(key):
            return True, None
        if key in self.by_kode:  # its Kemendagri code, e.g. 18.72.01
            return True, self.by_kode[key]
        found = self.by_name.get(_key(PREFIKS_WILAYAH.sub("", text)), [])
        if len(found) == 1:
            return True, found[0]
        if len(found) > 1:
            kecamatan = [w for w in found if w.jenis == Wilayah.Jenis.KECAMATAN]
            if len(kecamatan) == 1 and re.match(r"^kec", key):
                return True, kecamatan[0]
        return False, None


def _decimal(raw) -> Decimal | None:
    """A non-negative number of at most 14 digits before the point, rounded to two places; ValueError else."""
    try:
        number = angka_parse(raw)
    except ValidationError as exc:
        raise ValueError from exc
    if number is None:
        return None
    if number < 0 or number.adjusted() >= MAX_DIGITS_BEFORE_POINT:
        raise ValueError
    return number.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _stable_code(indikator_kode: str, base: str, uraian: str, keluaran: str) -> str:
    """An action's code from its place in the matrix, so the next revision of the matrix updates it.

    The sub kegiatan (or kegiatan, program) code it sits under, then a digest of its indicator, that code and
    its normalised text: the same action in a revised file gets the same code whatever its row or its figures.
    """
    digest = hashlib.sha1(  # noqa: S324 - an identifier, not a secret
        "|".join([indikator_kode, base, _normalise(uraian), _normalise(keluaran)]).encode()
    ).hexdigest()[:8]
    prefix = base[:20] if base else f"KLA{indikator_kode}"
    return f"{prefix}-{digest.upper()}"


@dataclass
class _Konteks:
    """What band and hierarchy rows carry down to the actions below them."""

    klaster: str = ""
    indikator: str = ""
    kode_program: str = ""
    program: str = ""
    kode_kegiatan: str = ""
    kegiatan: str = ""
    kode_sub_kegiatan: str = ""
    sub_kegiatan: str = ""
    opd: str = ""


class _Pemeriksa:
    def __init__(self, ref: _Referensi, galat: _Galat, peringatan: _Galat):
        self.ref = ref
        self.galat = galat
        self.peringatan = peringatan
        self.kodes: dict[str, int] = {}
        self.pagu = Counter()
        self.target = Counter()

    def sheet_set(self, lembar: Lembar, pemetaan: Pemetaan) -> None:
        """Start a sheet: nothing is carried down from the previous one."""
        self.lembar = lembar
        self.pemetaan = pemetaan
        self.tahunan = pemetaan.tahunan()
        self.has = {k.peran for k in pemetaan.kolom}
        self.konteks = _Konteks()
        # The pagu read so far at the last boundary of each kind, for a written JUMLAH / TOTAL to be checked against.
        self.batas: dict[str, Counter] = {"lembar": Counter(self.pagu)}
        self.galat.lembar = self.peringatan.lembar = lembar.judul

    def boundary(self, kind: str) -> None:
        self.batas[kind] = Counter(self.pagu)

    def subtotal(self, view: _RowView, baris: int) -> None:
        """A JUMLAH / TOTAL row: its written pagu must be the sum of the actions since some boundary above it (the
        previous subtotal, the program, kegiatan, sub kegiatan, indikator or klaster, or the start); else a warning.
        """
        starts = [Counter(), *self.batas.values()]
        for c, (kind, tahun) in self.tahunan.items():
            if kind != "pagu":
                continue
            try:
                written = _decimal(view.raw(c))
            except ValueError:
                continue
            if written is None:
                continue
            sums = [self.pagu[tahun] - start[tahun] for start in starts]
            if written not in sums:
                since = self.pagu[tahun] - self.batas.get("subtotal", Counter())[tahun]
                self.peringatan.add(
                    "jumlah_berbeda",
                    baris,
                    _("%(tahun)s: tertulis %(tertulis)s, rincian %(rincian)s")
                    % {
                        "tahun": tahun,
                        "tertulis": f"{int(written):,}".replace(",", "."),
                        "rincian": f"{since:,}".replace(",", "."),
                    },
                )
        self.boundary("subtotal")

    def hierarchy(self, view: _RowView, role: str) -> None:
        """A program, kegiatan or sub kegiatan row: it becomes the context of the rows below it."""
        k = self.konteks
        code = view.code()
        level = _code_level(code) if code else role
        name = view.text(level) if level in self.has else ""
        name = name or view.text("nomenklatur")
        self.boundary(level)
        if level == BarisPeran.PROGRAM:
            k.kode_program, k.program = code, name
            k.kode_kegiatan = k.kegiatan = k.kode_sub_kegiatan = k.sub_kegiatan = ""
            k.opd = view.text("opd")
        elif level == BarisPeran.KEGIATAN:
            k.kode_kegiatan, k.kegiatan = code, name
            k.kode_sub_kegiatan = k.sub_kegiatan = ""
        else:
            k.kode_sub_kegiatan, k.sub_kegiatan = code, name
        if view.text("opd"):
            k.opd = view.text("opd")

    def band(self, role: str, text: str) -> None:
        self.boundary(role)
        if role == BarisPeran.KLASTER:
            self.konteks = _Konteks(klaster=text)
        elif role == BarisPeran.INDIKATOR:
            self.konteks = _Konteks(klaster=self.konteks.klaster, indikator=text)

    def action(self, view: _RowView, baris: int) -> RencanaAksiRow | None:
        k = self.konteks
        errors = []

        def fail(jenis: str, nilai: str = "") -> None:
            errors.append(jenis)
            self.galat.add(jenis, baris, nilai)

        # A row may carry its own program/kegiatan/sub kegiatan cells (separate name columns, merged down).
        for level in ("program", "kegiatan", "sub_kegiatan"):
            own = view.text(level)
            if own and own != getattr(k, level):
                setattr(k, level, own)
        code = view.code()
        if code:
            level = _code_level(code)
            setattr(k, f"kode_{level}", code)
            if view.text("nomenklatur"):
                setattr(k, level, view.text("nomenklatur"))
        if view.text("klaster"):
            k.klaster = view.text("klaster")

        indikator_text = view.text("indikator") or k.indikator
        indikator = None
        if not indikator_text:
            fail("indikator_kosong")
        else:
            number = INDIKATOR_NOMOR.match(indikator_text)
            indikator = self.ref.find_indikator(number["kode"] if number else indikator_text)
            if indikator is None:
                label = re.split(r"\s*[:–-]\s+", indikator_text, maxsplit=1)[0]
                fail("indikator_tidak_dikenal", label)

        opd_text = view.text("opd") or k.opd
        opd, pendukung_extra = None, []
        if not opd_text:
            fail("opd_kosong")
        else:
            opd = self.ref.find_opd(opd_text)
            if opd is None:
                names = [n for n in PEMISAH.split(opd_text) if n]
                found = [self.ref.find_opd(n) for n in names]
                if len(names) > 1 and all(found):
                    opd, pendukung_extra = found[0], found[1:]
                else:
                    fail("opd_tidak_dikenal", opd_text)
        opd_terkait = None
        if "opd_pendukung" in self.has or pendukung_extra:
            opd_terkait = {o.pk for o in pendukung_extra}
            for name in filter(None, PEMISAH.split(view.text("opd_pendukung"))):
                other = self.ref.find_opd(name)
                if other is None:
                    fail("opd_pendukung_tidak_dikenal", name)
                else:
                    opd_terkait.add(other.pk)
            if opd is not None:
                opd_terkait.discard(opd.pk)

        keluaran = view.text("indikator_kinerja")
        uraian = view.text("uraian") or (keluaran if "uraian" not in self.has else "")
        if not uraian:
            fail("uraian_kosong")
        keluaran = keluaran or uraian
        satuan = view.text("satuan")

        targets = {}
        by_year = defaultdict(dict)
        for c, (kind, tahun) in self.tahunan.items():
            by_year[tahun][kind] = view.raw(c)
        for tahun in sorted(by_year):
            raw_target, raw_pagu = by_year[tahun].get("target"), by_year[tahun].get("pagu")
            target = pagu = None
            try:
                target = _decimal(raw_target)
            except ValueError:
                unit = ANGKA_SATUAN.match(_text(raw_target))
                try:
                    target = _decimal(unit["angka"]) if unit else None
                except ValueError:
                    target = None
                if target is None:
                    fail("target_bukan_angka", f"{tahun}: {_text(raw_target)[:40]}")
                elif not satuan:
                    satuan = unit["satuan"].strip()
            try:
                number = _decimal(raw_pagu)
                if number is not None and (number != number.to_integral_value() or number > UANG_MAKS):
                    raise ValueError
                pagu = int(number) if number is not None else None
            except ValueError:
                fail("pagu_bukan_angka", f"{tahun}: {_text(raw_pagu)[:40]}")
            if pagu is not None:
                self.pagu[tahun] += pagu
            if target is not None:
                self.target[tahun] += 1
                targets[tahun] = (target, pagu if pagu is not None else (0 if "pagu" in by_year[tahun] else None))
            elif pagu and "target_bukan_angka" not in errors:
                fail("pagu_tanpa_target", str(tahun))
        if not satuan:
            fail("satuan_kosong")

        baseline = None
        if "baseline" in self.has:
            raw = next((view.raw(c) for c in self.pemetaan.indeks("baseline") if _text(view.raw(c))), None)
            try:
                baseline = _decimal(raw)
            except ValueError:
                fail("baseline_bukan_angka", _text(raw)[:40])

        arah = "naik"
        if view.text("arah"):
            arah = {"naik": "naik", "turun": "turun"}.get(_normalise(view.text("arah")).split(" ")[0], "")
            if not arah:
                fail("arah_tidak_dikenal", view.text("arah"))

        fields = {
            "kode_program": k.kode_program,
            "program": k.program,
            "kode_kegiatan": k.kode_kegiatan,
            "kegiatan": k.kegiatan,
            "kode_sub_kegiatan": k.kode_sub_kegiatan,
            "sub_kegiatan": k.sub_kegiatan,
        }
        limits = {
            "kode_program": 50,
            "kode_kegiatan": 50,
            "kode_sub_kegiatan": 50,
            "program": 300,
            "kegiatan": 300,
            "sub_kegiatan": 300,
        }
        for name, limit in limits.items():
            if len(fields[name]) > limit:
                fail("terlalu_panjang", str(PERAN_KOLOM[name.removeprefix("kode_")]))
        if len(keluaran) > 300:
            fail("terlalu_panjang", str(PERAN_KOLOM["indikator_kinerja"]))
        if len(satuan) > 50:
            fail("terlalu_panjang", str(PERAN_KOLOM["satuan"]))
        if "baseline" in self.has:
            fields["baseline"] = baseline

        if "sumber_dana" in self.has:
            fields["sumber_dana"] = SumberDana.APBD
            raw = view.text("sumber_dana")
            if raw:
                names = [n for n in PEMISAH.split(raw) if n] if self.ref.find_sumber(raw) is None else [raw]
                found = [self.ref.find_sumber(n) for n in names]
                unknown = [n for n, f in zip(names, found, strict=True) if f is None]
                if unknown:
                    fail("sumber_dana_tidak_dikenal", ", ".join(unknown))
                else:
                    fields["sumber_dana"] = found[0]
                    if len(set(found)) > 1:
                        self.peringatan.add("sumber_dana_ganda", baris, raw)
        if "lokasi" in self.has:
            fields["lokasi"] = None
            raw = view.text("lokasi")
            if raw:
                known, wilayah = self.ref.find_lokasi(raw)
                if known:
                    fields["lokasi"] = wilayah
                else:
                    names = [n for n in PEMISAH.split(raw) if n]
                    places = [self.ref.find_lokasi(n) for n in names]
                    if len(names) > 1 and all(known for known, _w in places):
                        self.peringatan.add("lokasi_ganda", baris, raw)
                    else:
                        fail("lokasi_tidak_dikenal", raw)

        if errors:
            return None
        base = k.kode_sub_kegiatan or k.kode_kegiatan or k.kode_program
        kode = _stable_code(indikator.kode, base, uraian, keluaran)
        if kode in self.kodes:
            self.peringatan.add("baris_ganda", baris, uraian[:60])
            n = 2
            while f"{kode}-{n}" in self.kodes:
                n += 1
            kode = f"{kode}-{n}"
        self.kodes[kode] = baris
        return RencanaAksiRow(
            baris=baris,
            kode=kode,
            indikator=indikator,
            opd=opd,
            uraian=uraian,
            indikator_keluaran=keluaran,
            satuan=satuan,
            arah=arah,
            fields=fields,
            opd_terkait=opd_terkait,
            targets=targets,
        )


def _first_text(lembar: Lembar, r: int) -> str:
    return next((t for t in (_text(lembar.value(r, c)) for c in range(lembar.kolom)) if t), "")


def _mapping_errors(pemetaan: Pemetaan, galat: _Galat) -> None:
    has = {k.peran for k in pemetaan.kolom}
    if not has & {"uraian", "indikator_kinerja"}:
        galat.add("kolom", pemetaan.judul_akhir, _("kolom Uraian Aksi atau Indikator Kinerja tidak ditemukan"))
    if "opd" not in has:
        galat.add("kolom", pemetaan.judul_akhir, _("kolom OPD Penanggung Jawab tidak ditemukan"))
    if not any(k.peran == "target" and k.tahun for k in pemetaan.kolom):
        galat.add("kolom", pemetaan.judul_akhir, _("kolom Target per tahun (mis. 2024 … 2030) tidak ditemukan"))


def _sheet_pick(berkas, pemetaan: Pemetaan | None) -> tuple[Lembar, Pemetaan | None]:
    """The sheet holding the matrix and its mapping: the saved mapping's sheet, else the first sheet whose headers
    name the action, the OPD and yearly targets (a cover or a list of contents may come first); the mapping is
    None when the sheet is empty.
    """
    index = pemetaan.lembar if pemetaan else 0
    first = None
    while True:
        lembar = lembar_terbit_read(berkas, lembar=index)
        if lembar.rows and lembar.kolom:
            detected = pemetaan_detect(lembar)
            detected.lembar = index
            used = pemetaan_apply(detected, pemetaan) if pemetaan else detected
            probe = _Galat()
            _mapping_errors(used, probe)
            if pemetaan or not probe.rows:
                return lembar, used
            first = first or (lembar, used)
        index += 1
        if pemetaan or index >= min(len(lembar.semua_judul), MAKS_LEMBAR):
            return first or (lembar, None)


def _sheets_more(berkas, first: Pemetaan) -> list[tuple[Lembar, Pemetaan]]:
    """The sheets after the first matrix sheet that hold the same kind of matrix (one klaster per sheet), each
    with its detected mapping corrected by the first sheet's (same header text, same role)."""
    more = []
    for index in range(first.lembar + 1, MAKS_LEMBAR):
        lembar = lembar_terbit_read(berkas, lembar=index)
        if index >= len(lembar.semua_judul):
            break
        if not lembar.rows or not lembar.kolom:
            continue
        detected = pemetaan_detect(lembar)
        detected.lembar = index
        used = pemetaan_apply(detected, first)
        probe = _Galat()
        _mapping_errors(used, probe)
        if not probe.rows:
            more.append((lembar, used))
    return more


def _sheet_check(
    lembar: Lembar,
    used: Pemetaan,
    checker: "_Pemeriksa",
    result: ImportResult,
    parsed: list,
    skipped: Counter,
    progres: Callable[[int, int], None] | None,
) -> None:
    """Every row of one sheet by its role: actions checked into `parsed`, bands and hierarchy carried down."""
    roles = baris_classify(lembar, used)
    total = len(roles)
    for r, role in enumerate(roles):
        if progres and r % PROGRESS_EVERY == 0:
            progres(r, total)
        view = _RowView(lembar, used, r)
        if role == BarisPeran.AKSI:
            result.rows += 1
            row = checker.action(view, r + 1)
            if row is not None:
                parsed.append(row)
            continue
        if r >= used.data_mulai - 1:
            skipped[role] += 1
        if role in (BarisPeran.KLASTER, BarisPeran.INDIKATOR):
            checker.band(role, _first_text(lembar, r))
        elif role in (BarisPeran.PROGRAM, BarisPeran.KEGIATAN, BarisPeran.SUB_KEGIATAN):
            checker.hierarchy(view, role)
        elif role == BarisPeran.SUBTOTAL:
            checker.subtotal(view, r + 1)
        elif role == BarisPeran.LAIN:
            checker.peringatan.add("baris_tidak_dikenali", r + 1, _first_text(lembar, r)[:60])
    if progres:
        progres(total, total)


def matriks_terbit_parse(
    berkas,
    *,
    pemetaan: Pemetaan | None = None,
    progres: Callable[[int, int], None] | None = None,
) -> tuple[ImportResult, list[RencanaAksiRow], RingkasanTerbit]:
    """Read and check a published RAD matrix; nothing is saved (rad_kla.services.rencana_import saves the rows).

    `pemetaan` is a saved mapping laid over the detected one (pemetaan_apply); without it the detected one is
    used. Returns the ImportResult of the template import (rows = action rows, one RowError per problem, so
    the existing preview and all-or-nothing save work unchanged), the rows that are valid, and the summary.
    An unreadable file gives one RowError at row 0 with one sentence. `progres` is told (rows checked, rows).
    """
    result, ringkasan = ImportResult(), RingkasanTerbit()
    try:
        lembar, used = _sheet_pick(berkas, pemetaan)
    except ValidationError as exc:
        result.errors += [RowError(0, message) for message in exc.messages]
        return result, [], ringkasan
    if used is None:
        result.errors.append(RowError(1, _("Lembar kerja kosong; tidak ada matriks RAD untuk dibaca.")))
        return result, [], ringkasan
    ringkasan.pemetaan = used.as_dict()
    ringkasan.lembar = lembar.judul
    result.unrecognised_headers = [k.judul for k in used.kolom if k.peran == "abaikan" and k.judul]
    galat, peringatan = _Galat(), _Galat()
    _mapping_errors(used, galat)
    parsed = []
    if not galat.rows:
        checker = _Pemeriksa(_Referensi(), galat, peringatan)
        skipped = Counter()
        sheets = [(lembar, used)]
        if len(lembar.semua_judul) > used.lembar + 1:
            sheets += _sheets_more(berkas, used)
        if len(sheets) > 1:
            galat.banyak_lembar = peringatan.banyak_lembar = True
            ringkasan.lembar = ", ".join(sheet.judul for sheet, _used in sheets)
        for sheet, mapping in sheets:
            checker.sheet_set(sheet, mapping)
            _sheet_check(sheet, mapping, checker, result, parsed, skipped, progres)
        ringkasan.pagu_per_tahun = {t: checker.pagu[t] for t in sorted(checker.pagu)}
        ringkasan.pagu_total = sum(checker.pagu.values())
        ringkasan.target_per_tahun = {t: checker.target[t] for t in sorted(checker.target)}
        ringkasan.dilewati = {role: n for role, n in skipped.items() if role != BarisPeran.KOSONG}
        if result.rows == 0:
            galat.lembar = lembar.judul
            galat.add("uraian_kosong", used.data_mulai, _("tidak ada baris aksi di bawah judul kolom"))
    ringkasan.baris_aksi = result.rows
    groups = galat.groups()
    ringkasan.galat = [asdict(g) for g in groups]
    ringkasan.peringatan = [asdict(g) for g in peringatan.groups()]
    for group in groups:
        for item in group.nilai:
            for sheet, baris in galat.rows[group.jenis][item["nilai"]]:
                pesan = f"{group.judul}: {item['nilai']}" if item["nilai"] else group.judul
                result.errors.append(RowError(baris, f"[{sheet}] {pesan}" if galat.banyak_lembar else pesan))
    result.errors.sort(key=lambda e: e.baris)
    return result, parsed, ringkasan


def matriks_terbit_detect(berkas) -> bool:
    """Whether a sheet is a published matrix rather than the app's import template (rencana_parse reads that).

    The template has one header row with at least three of its column names near the top, years written in
    it ("Target 2025"), and no row of column numbers; a published matrix has a row of column numbers or its
    years on a header row of their own. A file that cannot be read is left to the template import, which says why.
    """
    try:
        rows = lembar_rows_read(berkas, maks=HEADER_SEARCH_ROWS)
    except ValidationError:
        return False
    finally:
        berkas.seek(0)
    if any(_is_number_row(list(row)) for row in rows):
        return True
    for index, row in enumerate(rows[:TEMPLATE_SEARCH_ROWS]):
        keys = {TEMPLATE_HEADERS.get(_template_normalise(cell)) for cell in row} - {None}
        if len(keys) >= 3:
            below = rows[index + 1] if index + 1 < len(rows) else ()
            return any(SUB_JUDUL_TAHUN.match(_normalise(_text(cell))) for cell in below)
    return bool(rows)
