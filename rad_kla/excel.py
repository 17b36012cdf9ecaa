"""Excel in and out for the RAD KLA: export of a filtered list, the import template, and the import itself."""

import io
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.spreadsheet import cell_keep_text, xlsx_check
from gugus_tugas.models import User, Wilayah
from gugus_tugas.selectors import opd_list, profil_daerah_get
from klaster.models import Indikator

from .models import Realisasi, RencanaAksi, SumberDana, TargetTahunan
from .selectors import DILAPORKAN

DEFAULT_RAD_YEARS = range(2024, 2031)
SHEET_TITLE = "RAD KLA"
HEADER_SEARCH_ROWS = 10
TWO_PLACES = Decimal("0.01")
# Targets and baselines are DecimalField(max_digits=16, decimal_places=2).
MAX_DIGITS_BEFORE_POINT = 14
UPDATE_CHUNK = 1000
# The import reports its progress after every this many rows.
PROGRESS_EVERY = 200

# (key, header, width): the header is the file format, so it is not translated.
BASE_COLUMNS = [
    ("kode", "Kode", 14),
    ("klaster", "Klaster", 28),
    ("indikator", "Indikator KLA", 40),
    ("kode_program", "Kode Program", 14),
    ("program", "Program", 36),
    ("kode_kegiatan", "Kode Kegiatan", 14),
    ("kegiatan", "Kegiatan", 36),
    ("kode_sub_kegiatan", "Kode Sub Kegiatan", 16),
    ("sub_kegiatan", "Sub Kegiatan", 36),
    ("uraian", "Uraian Aksi", 48),
    ("indikator_keluaran", "Indikator Keluaran", 36),
    ("satuan", "Satuan", 12),
    ("baseline", "Baseline", 12),
    ("arah", "Arah", 10),
    ("opd", "OPD Penanggung Jawab", 18),
    ("opd_terkait", "OPD Terkait", 24),
    ("sumber_dana", "Sumber Dana", 12),
    ("lokasi", "Lokasi", 18),
]
YEAR_KINDS = [
    ("target", "Target", 12),
    ("pagu", "Pagu", 16),
    ("capaian", "Capaian", 12),
    ("anggaran", "Realisasi Anggaran", 18),
]
REQUIRED = ["kode", "indikator", "opd", "uraian", "indikator_keluaran", "satuan"]
TEXT_FIELDS = [
    "kode_program",
    "program",
    "kode_kegiatan",
    "kegiatan",
    "kode_sub_kegiatan",
    "sub_kegiatan",
    "uraian",
    "indikator_keluaran",
    "satuan",
]

SYNONYMS = {
    "kode": ["kode", "kode aksi", "kode rad", "kode rencana aksi", "no kode"],
    "klaster": ["klaster", "cluster"],
    "indikator": ["indikator kla", "indikator", "kode indikator", "indikator kla kode"],
    "kode_program": ["kode program"],
    "program": ["program", "nama program"],
    "kode_kegiatan": ["kode kegiatan"],
    "kegiatan": ["kegiatan", "nama kegiatan"],
    "kode_sub_kegiatan": ["kode sub kegiatan", "kode subkegiatan"],
    "sub_kegiatan": ["sub kegiatan", "subkegiatan", "nama sub kegiatan"],
    "uraian": ["uraian aksi", "aksi", "uraian", "rencana aksi", "uraian kegiatan aksi"],
    "indikator_keluaran": ["indikator keluaran", "keluaran", "indikator output", "output"],
    "satuan": ["satuan", "satuan keluaran"],
    "baseline": ["baseline", "kondisi awal", "situasi sekarang", "nilai dasar"],
    "arah": ["arah", "arah capaian", "arah perbaikan"],
    "opd": ["opd penanggung jawab", "opd", "perangkat daerah", "penanggung jawab", "opd pj", "pd penanggung jawab"],
    "opd_terkait": ["opd terkait", "perangkat daerah terkait", "opd pendukung"],
    "sumber_dana": ["sumber dana", "sumber anggaran"],
    "lokasi": ["lokasi", "wilayah", "lokasi kegiatan"],
}
LABELS = {key: header for key, header, _width in BASE_COLUMNS}
HEADER_KEYS = {alias: key for key, aliases in SYNONYMS.items() for alias in aliases}
YEAR_KIND_ALIASES = {
    "target": "target",
    "target kinerja": "target",
    "pagu": "pagu",
    "pagu anggaran": "pagu",
    "anggaran": "pagu",
    "capaian": "capaian",
    "realisasi fisik": "capaian",
    "realisasi anggaran": "anggaran",
    "realisasi keuangan": "anggaran",
}
YEAR_HEADER = re.compile(r"^(?P<kind>[a-z ]+?) (?:tahun )?(?P<year>\d{4})(?: rp)?$")
INDIKATOR_KODE = re.compile(r"^(?:indikator\s*)?(?P<kode>\d{1,2}[a-z]?)(?:$|[.)\s:–-])", re.IGNORECASE)
THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


def rad_years() -> list[int]:
    """The RAD years of the region profile, 2024–2030 when no profile is set."""
    profil = profil_daerah_get()
    return list(profil.tahun_rad if profil else DEFAULT_RAD_YEARS)


def _normalise(header) -> str:
    text = str(header or "").lower()
    text = re.sub(r"[\s_\-/().:,*]+", " ", text)
    return text.strip()


def _safe_text(cell, value: str) -> None:
    """Write text so a spreadsheet program shows it and never evaluates it as a formula."""
    cell.value = value
    cell_keep_text(cell)


def _headers(years: list[int]) -> list[tuple[str, str, int]]:
    columns = list(BASE_COLUMNS)
    for tahun in years:
        columns += [(f"{kind}_{tahun}", f"{label} {tahun}", width) for kind, label, width in YEAR_KINDS]
    return columns


def _sheet_with_headers(wb: Workbook, years: list[int]):
    ws = wb.active
    ws.title = SHEET_TITLE
    columns = _headers(years)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, (_key, header, width) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index, value=header)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "B2"
    return ws, columns


def _yearly_data(ids_query, years: list[int]) -> tuple[dict, dict, dict]:
    """Targets, latest reported capaian and spending per (action, year), in three queries."""
    targets = {
        (rencana_id, tahun): (target, pagu)
        for rencana_id, tahun, target, pagu in TargetTahunan.objects.filter(
            rencana_aksi__in=ids_query, tahun__in=years
        ).values_list("rencana_aksi_id", "tahun", "target", "pagu")
    }
    reported = Realisasi.objects.filter(rencana_aksi__in=ids_query, periode__tahun__in=years, status__in=DILAPORKAN)
    latest = (
        reported.annotate(
            urutan=Window(
                RowNumber(),
                partition_by=[F("rencana_aksi_id"), F("periode__tahun")],
                order_by=F("periode__selesai").desc(),
            )
        )
        .filter(urutan=1)
        .values_list("rencana_aksi_id", "periode__tahun", "nilai_capaian")
    )
    capaian = {(rencana_id, tahun): nilai for rencana_id, tahun, nilai in latest}
    spent = (
        reported.order_by()
        .values("rencana_aksi_id", "periode__tahun")
        .annotate(total=Sum("realisasi_anggaran"))
        .values_list("rencana_aksi_id", "periode__tahun", "total")
    )
    anggaran = {(rencana_id, tahun): total for rencana_id, tahun, total in spent}
    return targets, capaian, anggaran


def rencana_export(rencana_qs, *, years: list[int] | None = None) -> bytes:
    """An .xlsx of the actions in `rencana_qs` (e.g. from rencana_list) with every RAD year's figures."""
    years = years or rad_years()
    rencana_qs = rencana_qs.select_related("indikator__klaster", "opd", "lokasi").prefetch_related("opd_terkait")
    ids_query = rencana_qs.order_by().values("pk")
    rows = list(rencana_qs)
    targets, capaian, anggaran = _yearly_data(ids_query, years)

    wb = Workbook()
    ws, columns = _sheet_with_headers(wb, years)
    money = "#,##0"
    for row_number, rencana in enumerate(rows, start=2):
        values = {
            "kode": rencana.kode,
            "klaster": rencana.indikator.klaster.nama,
            "indikator": str(rencana.indikator),
            "kode_program": rencana.kode_program,
            "program": rencana.program,
            "kode_kegiatan": rencana.kode_kegiatan,
            "kegiatan": rencana.kegiatan,
            "kode_sub_kegiatan": rencana.kode_sub_kegiatan,
            "sub_kegiatan": rencana.sub_kegiatan,
            "uraian": rencana.uraian,
            "indikator_keluaran": rencana.indikator_keluaran,
            "satuan": rencana.satuan,
            "baseline": rencana.baseline,
            "arah": rencana.arah,
            "opd": rencana.opd.singkatan,
            "opd_terkait": "; ".join(sorted(opd.singkatan for opd in rencana.opd_terkait.all())),
            "sumber_dana": rencana.get_sumber_dana_display(),
            "lokasi": rencana.lokasi.nama if rencana.lokasi else "",
        }
        for tahun in years:
            target = targets.get((rencana.pk, tahun))
            values[f"target_{tahun}"] = target[0] if target else None
            values[f"pagu_{tahun}"] = target[1] if target else None
            values[f"capaian_{tahun}"] = capaian.get((rencana.pk, tahun))
            values[f"anggaran_{tahun}"] = anggaran.get((rencana.pk, tahun))
        for index, (key, _header, _width) in enumerate(columns, start=1):
            value = values[key]
            cell = ws.cell(row=row_number, column=index)
            if isinstance(value, str):
                _safe_text(cell, value)
            else:
                cell.value = value
                if key.startswith(("pagu_", "anggaran_")):
                    cell.number_format = money
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _petunjuk_rows(years: list[int]) -> list[tuple[str, str]]:
    first, last = years[0], years[-1]
    return [
        (
            "Kode",
            _(
                "Wajib. Kode unik rencana aksi. Baris dicocokkan dengan data yang ada melalui kode: kode yang "
                "sudah ada diperbarui, kode baru ditambahkan, tidak pernah digandakan."
            ),
        ),
        ("Klaster", _("Hanya informasi; klaster diambil dari indikator KLA dan kolom ini diabaikan saat impor.")),
        ("Indikator KLA", _('Wajib. Nomor indikator (mis. 14 atau "Indikator 14") atau nama indikatornya.')),
        ("Kode Program, Program", _("Nama program dan kode Kepmendagri 050-5889/2021 bila ada (boleh kosong).")),
        ("Kode Kegiatan, Kegiatan", _("Nama kegiatan dan kodenya (boleh kosong).")),
        ("Kode Sub Kegiatan, Sub Kegiatan", _("Nama sub kegiatan dan kodenya (boleh kosong).")),
        ("Uraian Aksi", _("Wajib. Uraian rencana aksi.")),
        ("Indikator Keluaran", _("Wajib. Ukuran keluaran aksi.")),
        ("Satuan", _("Wajib. Satuan indikator keluaran, mis. puskesmas, sekolah, persen.")),
        ("Baseline", _("Angka kondisi awal (boleh kosong, tidak boleh negatif).")),
        ("Arah", _("naik (naik lebih baik) atau turun (turun lebih baik). Kosong: mengikuti arah indikator KLA.")),
        ("OPD Penanggung Jawab", _("Wajib. Singkatan atau nama lengkap OPD yang terdaftar, mis. Dinkes.")),
        ("OPD Terkait", _("Singkatan atau nama OPD lain, dipisahkan titik koma (;). Boleh kosong.")),
        ("Sumber Dana", _("Salah satu: APBD, APBN, DAK, CSR, Lainnya. Kosong berarti APBD.")),
        ("Lokasi", _("Nama kecamatan atau kelurahan yang terdaftar (boleh kosong).")),
        (
            _("Target %(tahun)s") % {"tahun": f"{first}–{last}"},
            _(
                "Target tahunan (angka, tidak boleh negatif, dibulatkan ke 2 angka desimal). Bila satu target "
                "sebuah baris diisi, semua kolom target tahun RAD yang ada di berkas wajib diisi (tulis 0 bila "
                "tidak ada target). Bila semua target sebuah baris kosong, target yang sudah tersimpan tidak diubah."
            ),
        ),
        (
            _("Pagu %(tahun)s") % {"tahun": f"{first}–{last}"},
            _(
                "Pagu anggaran dalam Rupiah, bilangan bulat tanpa desimal. Kosong berarti 0 (atau pagu yang sudah "
                "tersimpan bila kolomnya tidak ada). Pagu hanya boleh diisi bila target tahun itu diisi."
            ),
        ),
        (
            _("Capaian / Realisasi Anggaran"),
            _(
                "Hanya informasi pada hasil ekspor: capaian terakhir yang dilaporkan (diajukan atau diverifikasi) "
                "dan jumlah realisasi anggaran tahun itu. Diabaikan saat impor; realisasi diisi di aplikasi."
            ),
        ),
        (
            _("Tahun"),
            _("Kolom tahun harus berada dalam tahun RAD %(awal)s–%(akhir)s; kolom tahun lain ditolak.")
            % {"awal": first, "akhir": last},
        ),
        (
            _("Format angka"),
            _("Angka boleh berformat Indonesia: 1.250.000 (titik pemisah ribuan) dan 12,5 (koma desimal)."),
        ),
        (
            _("Nama kolom"),
            _(
                "Kolom dikenali dari judulnya, bukan urutannya; huruf besar/kecil dan spasi tidak berpengaruh. "
                "Judul lain yang dikenali: Aksi, OPD, Perangkat Daerah, Indikator. Kolom yang tidak dikenali "
                "dilaporkan dan diabaikan. Kolom yang tidak ada di berkas tidak mengubah isian yang tersimpan; sel "
                "kosong pada kolom yang ada mengosongkan isian yang tidak wajib."
            ),
        ),
        (
            _("Semua atau tidak sama sekali"),
            _(
                "Setiap baris diperiksa. Bila ada satu baris saja yang salah, tidak ada data yang disimpan; "
                "perbaiki baris yang disebutkan lalu impor ulang."
            ),
        ),
    ]


def rencana_template() -> bytes:
    """An empty import sheet with the export's headers and a "Petunjuk" sheet explaining each column."""
    years = rad_years()
    wb = Workbook()
    _sheet_with_headers(wb, years)
    petunjuk = wb.create_sheet("Petunjuk")
    petunjuk.append([_("Kolom"), _("Keterangan")])
    for cell in petunjuk[1]:
        cell.font = Font(bold=True)
    for kolom, keterangan in _petunjuk_rows(years):
        petunjuk.append([kolom, keterangan])
    petunjuk.column_dimensions["A"].width = 32
    petunjuk.column_dimensions["B"].width = 110
    for row in petunjuk.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class RowError:
    baris: int
    pesan: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    unrecognised_headers: list[str] = field(default_factory=list)
    dry_run: bool = False
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ImportResult":
        errors = [RowError(**error) for error in data.get("errors", [])]
        return cls(**{**data, "errors": errors})


@dataclass
class _Row:
    baris: int
    kode: str
    indikator: Indikator
    opd: object
    uraian: str
    indikator_keluaran: str
    satuan: str
    arah: str | None
    fields: dict
    opd_terkait: set | None
    targets: dict


class _NumberError(ValueError):
    pass


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _number(value) -> Decimal | None:
    """A number from a cell: Excel numbers, or text in Indonesian (1.250.000; 12,5) or plain format."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise _NumberError
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = re.sub(r"^rp\.?", "", re.sub(r"\s+", "", str(value)), flags=re.IGNORECASE)
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif THOUSANDS.match(text.lstrip("-")):
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise _NumberError from exc
    if not number.is_finite():
        raise _NumberError
    return number


class _Lookups:
    """Reference data read once per import, so rows are checked without a query each."""

    def __init__(self):
        self.opd = {}
        for opd in opd_list():
            self.opd[opd.singkatan.lower()] = opd
            self.opd[opd.nama.lower()] = opd
        today = timezone.localdate().year
        indikator = sorted(
            Indikator.objects.all(),
            # The version in force today wins over older or future versions of the same kode.
            key=lambda i: (
                i.berlaku_mulai <= today and (i.berlaku_sampai is None or i.berlaku_sampai >= today),
                i.berlaku_mulai,
            ),
        )
        self.indikator_kode = {i.kode.lower(): i for i in indikator}
        self.indikator_nama = {i.nama.lower(): i for i in indikator}
        self.wilayah = defaultdict(list)
        for wilayah in Wilayah.objects.all():
            self.wilayah[wilayah.nama.lower()].append(wilayah)

    def find_indikator(self, text: str) -> Indikator | None:
        lowered = text.lower()
        if lowered in self.indikator_nama:
            return self.indikator_nama[lowered]
        match = INDIKATOR_KODE.match(text)
        return self.indikator_kode.get(match["kode"].lower()) if match else None


def _map_headers(cells, years: list[int]) -> tuple[dict, dict, list[str], list[str]]:
    """Column index → field key, column index → (kind, year), unrecognised headers, header errors."""
    columns, year_columns, unknown, errors = {}, {}, [], []
    seen = {}
    for index, raw in enumerate(cells):
        header = _text(raw)
        name = _normalise(header)
        if not name:
            continue
        key = HEADER_KEYS.get(name)
        year_match = YEAR_HEADER.match(name)
        if key is None and year_match and year_match["kind"] in YEAR_KIND_ALIASES:
            kind, tahun = YEAR_KIND_ALIASES[year_match["kind"]], int(year_match["year"])
            if tahun not in years:
                errors.append(
                    _('Kolom "%(kolom)s" berada di luar tahun RAD %(awal)s–%(akhir)s.')
                    % {"kolom": header, "awal": years[0], "akhir": years[-1]}
                )
                continue
            key = (kind, tahun)
        if key is None:
            unknown.append(header)
            continue
        if key in seen:
            errors.append(
                _('Kolom "%(kolom)s" sama artinya dengan kolom "%(lain)s"; hapus salah satunya.')
                % {"kolom": header, "lain": seen[key]}
            )
            continue
        seen[key] = header
        if isinstance(key, tuple):
            year_columns[index] = key
        else:
            columns[index] = key
    present = set(columns.values())
    for key in REQUIRED:
        if key not in present:
            errors.append(_('Kolom wajib "%(kolom)s" tidak ditemukan.') % {"kolom": LABELS[key]})
    return columns, year_columns, unknown, errors


def _find_header_row(rows: list[tuple]) -> int:
    """The first row among the top rows with at least three known headers (titles may sit above it)."""
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = sum(1 for cell in cells if _normalise(cell) in HEADER_KEYS)
        if known >= 3:
            return index
    return 0


class _RowParser:
    def __init__(self, lookups: _Lookups, columns: dict, year_columns: dict):
        self.lookups = lookups
        self.columns = columns
        self.year_columns = year_columns
        self.present = set(columns.values())
        self.target_years = sorted(tahun for kind, tahun in year_columns.values() if kind == "target")
        self.pagu_years = {tahun for kind, tahun in year_columns.values() if kind == "pagu"}
        self.labels = LABELS

    def parse(self, baris: int, cells: tuple) -> tuple[_Row | None, list[str]]:
        errors: list[str] = []
        value = {key: cells[index] if index < len(cells) else None for index, key in self.columns.items()}
        years = {key: cells[index] if index < len(cells) else None for index, key in self.year_columns.items()}
        text = {key: _text(value.get(key)) for key in self.present}

        for key in REQUIRED:
            if not text.get(key):
                errors.append(_("%(kolom)s wajib diisi.") % {"kolom": self.labels[key]})

        indikator = None
        if text.get("indikator"):
            indikator = self.lookups.find_indikator(text["indikator"])
            if indikator is None:
                errors.append(_('Indikator KLA "%(nilai)s" tidak dikenal.') % {"nilai": text["indikator"]})
        opd = None
        if text.get("opd"):
            opd = self.lookups.opd.get(text["opd"].lower())
            if opd is None:
                errors.append(_('OPD "%(nilai)s" tidak dikenal.') % {"nilai": text["opd"]})

        fields = {key: text[key] for key in TEXT_FIELDS if key in self.present and key not in REQUIRED}
        if "baseline" in self.present:
            fields["baseline"] = self._decimal(value["baseline"], self.labels["baseline"], errors)

        arah = None
        if "arah" in self.present:
            arah = ""
        if text.get("arah"):
            arah = {"naik": "naik", "turun": "turun", "naik lebih baik": "naik", "turun lebih baik": "turun"}.get(
                text["arah"].lower(), ""
            )
            if not arah:
                errors.append(_('Arah "%(nilai)s" tidak dikenal; gunakan naik atau turun.') % {"nilai": text["arah"]})

        if "sumber_dana" in self.present:
            fields["sumber_dana"] = SumberDana.APBD
            if text["sumber_dana"]:
                sumber = {
                    name: choice
                    for choice, label in SumberDana.choices
                    for name in (choice.lower(), str(label).lower())
                }.get(text["sumber_dana"].lower())
                if sumber is None:
                    errors.append(
                        _('Sumber dana "%(nilai)s" tidak dikenal; gunakan APBD, APBN, DAK, CSR atau Lainnya.')
                        % {"nilai": text["sumber_dana"]}
                    )
                fields["sumber_dana"] = sumber

        if "lokasi" in self.present:
            fields["lokasi"] = None
            if text["lokasi"]:
                found = self.lookups.wilayah.get(text["lokasi"].lower(), [])
                if len(found) == 1:
                    fields["lokasi"] = found[0]
                elif not found:
                    errors.append(_('Lokasi "%(nilai)s" tidak dikenal.') % {"nilai": text["lokasi"]})
                else:
                    errors.append(
                        _('Lokasi "%(nilai)s" ada lebih dari satu; ubah nama wilayahnya di Data Master.')
                        % {"nilai": text["lokasi"]}
                    )

        opd_terkait = None
        if "opd_terkait" in self.present:
            opd_terkait = set()
            raw = text["opd_terkait"]
            separator = ";" if ";" in raw else ","
            for name in filter(None, (part.strip() for part in raw.split(separator))):
                other = self.lookups.opd.get(name.lower())
                if other is None:
                    errors.append(_('OPD terkait "%(nilai)s" tidak dikenal.') % {"nilai": name})
                else:
                    opd_terkait.add(other.pk)

        targets = self._targets(years, errors)

        if errors:
            return None, errors
        row = _Row(
            baris=baris,
            kode=text["kode"],
            indikator=indikator,
            opd=opd,
            uraian=text["uraian"],
            indikator_keluaran=text["indikator_keluaran"],
            satuan=text["satuan"],
            # An empty Arah follows the indicator; no Arah column keeps what is stored.
            arah=indikator.arah if arah == "" else arah,
            fields=fields,
            opd_terkait=opd_terkait,
            targets=targets,
        )
        return row, self._field_errors(row)

    def _decimal(self, raw, kolom: str, errors: list[str]) -> Decimal | None:
        try:
            number = _number(raw)
        except _NumberError:
            errors.append(_('%(kolom)s berisi "%(nilai)s", bukan angka.') % {"kolom": kolom, "nilai": _text(raw)})
            return None
        if number is None:
            return None
        if number < 0:
            errors.append(_("%(kolom)s tidak boleh negatif (%(nilai)s).") % {"kolom": kolom, "nilai": _text(raw)})
            return None
        if number.adjusted() >= MAX_DIGITS_BEFORE_POINT:
            errors.append(_("%(kolom)s terlalu besar (%(nilai)s).") % {"kolom": kolom, "nilai": _text(raw)})
            return None
        return number.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)

    def _targets(self, years: dict, errors: list[str]) -> dict:
        """{year: (target, pagu or None)} by the rule in the Petunjuk sheet; {} when no target is filled."""
        by_year = defaultdict(dict)
        for (kind, tahun), raw in years.items():
            by_year[tahun][kind] = raw
        filled = [tahun for tahun in self.target_years if _text(by_year[tahun].get("target")) != ""]
        targets = {}
        for tahun in self.target_years:
            raw_target = by_year[tahun].get("target")
            raw_pagu = by_year[tahun].get("pagu")
            if _text(raw_target) == "":
                if filled:
                    errors.append(
                        _("Target %(tahun)s kosong, padahal target tahun lain diisi; tulis 0 bila tidak ada target.")
                        % {"tahun": tahun}
                    )
                elif _text(raw_pagu) != "":
                    errors.append(_("Pagu %(tahun)s diisi tanpa target tahun itu.") % {"tahun": tahun})
                continue
            target = self._decimal(raw_target, f"Target {tahun}", errors)
            pagu = None
            if tahun in self.pagu_years:
                number = self._decimal(raw_pagu, f"Pagu {tahun}", errors)
                if number is not None and number != number.to_integral_value():
                    errors.append(
                        _("Pagu %(tahun)s harus bilangan bulat Rupiah tanpa desimal (%(nilai)s).")
                        % {"tahun": tahun, "nilai": _text(raw_pagu)}
                    )
                pagu = int(number) if number is not None else 0
            if target is not None:
                targets[tahun] = (target, pagu)
        for (kind, tahun), raw in years.items():
            if kind == "pagu" and tahun not in self.target_years and _text(raw) != "":
                errors.append(_("Pagu %(tahun)s diisi tanpa kolom Target %(tahun)s.") % {"tahun": tahun})
        return targets

    def _field_errors(self, row: _Row) -> list[str]:
        """Length and choice checks of the model, without its per-row foreign key queries."""
        candidate = RencanaAksi(
            kode=row.kode,
            uraian=row.uraian,
            indikator_keluaran=row.indikator_keluaran,
            satuan=row.satuan,
            arah=row.arah or row.indikator.arah,
            **{key: value for key, value in row.fields.items() if key != "lokasi"},
        )
        messages = []
        try:
            candidate.clean_fields(exclude=["indikator", "opd", "lokasi"])
        except ValidationError as exc:
            for name, field_errors in exc.message_dict.items():
                label = RencanaAksi._meta.get_field(name).verbose_name
                messages += [f"{str(label).capitalize()}: {message}" for message in field_errors]
        return messages


def _read_rows(upload) -> list[tuple]:
    wb = load_workbook(upload, read_only=True, data_only=True)
    try:
        ws = wb[SHEET_TITLE] if SHEET_TITLE in wb.sheetnames else wb.worksheets[0]
        return [tuple(row) for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


@dataclass
class _Stored:
    """What the database holds for the kodes of a sheet: actions, their related OPDs and targets."""

    rencana: dict
    terkait: dict
    targets: dict


def _stored(kodes: list[str], *, lock: bool) -> _Stored:
    """Three queries whatever the number of rows; `lock` holds the actions until the import commits."""
    qs = RencanaAksi.objects.filter(kode__in=kodes)
    if lock:
        qs = qs.select_for_update()
    rencana = {r.kode: r for r in qs}
    ids = [r.pk for r in rencana.values()]
    through = RencanaAksi.opd_terkait.through
    terkait = defaultdict(set)
    for rencana_id, opd_id in through.objects.filter(rencanaaksi_id__in=ids).values_list("rencanaaksi_id", "opd_id"):
        terkait[rencana_id].add(opd_id)
    targets = defaultdict(dict)
    for target in TargetTahunan.objects.filter(rencana_aksi_id__in=ids):
        targets[target.rencana_aksi_id][target.tahun] = target
    return _Stored(rencana=rencana, terkait=terkait, targets=targets)


def _own_values(row: _Row) -> dict:
    values = {
        "indikator_id": row.indikator.pk,
        "opd_id": row.opd.pk,
        "uraian": row.uraian,
        "indikator_keluaran": row.indikator_keluaran,
        "satuan": row.satuan,
    }
    if row.arah is not None:
        values["arah"] = row.arah
    for key, value in row.fields.items():
        if key == "lokasi":
            values["lokasi_id"] = value.pk if value else None
        else:
            values[key] = value
    return values


def _target_changes(row: _Row, stored: dict) -> tuple[list[tuple[int, Decimal, int]], list[TargetTahunan]]:
    """New (year, target, pagu) and changed targets; an absent Pagu column keeps the stored pagu."""
    new, changed = [], []
    for tahun, (target, pagu) in row.targets.items():
        item = stored.get(tahun)
        if item is None:
            new.append((tahun, target, pagu or 0))
        elif item.target != target or (pagu is not None and item.pagu != pagu):
            item.target = target
            item.pagu = item.pagu if pagu is None else pagu
            changed.append(item)
    return new, changed


@dataclass
class _Plan:
    create: list = field(default_factory=list)
    update_rencana: list = field(default_factory=list)
    rencana_fields: set = field(default_factory=set)
    update_terkait: dict = field(default_factory=dict)
    new_targets: list = field(default_factory=list)
    changed_targets: list = field(default_factory=list)


def _plan(parsed: list[_Row], stored: _Stored, result: ImportResult) -> _Plan:
    """Sort rows into new, changed and unchanged, and list exactly what must be written."""
    plan = _Plan()
    for row in parsed:
        rencana = stored.rencana.get(row.kode)
        if rencana is None:
            plan.create.append(row)
            continue
        own_changed = {name: value for name, value in _own_values(row).items() if getattr(rencana, name) != value}
        if own_changed:
            for name, value in own_changed.items():
                setattr(rencana, name, value)
            plan.update_rencana.append(rencana)
            plan.rencana_fields |= set(own_changed)
        terkait_changed = row.opd_terkait is not None and row.opd_terkait != stored.terkait[rencana.pk]
        if terkait_changed:
            plan.update_terkait[rencana.pk] = row.opd_terkait
        new, changed = _target_changes(row, stored.targets[rencana.pk])
        plan.new_targets += [(rencana, tahun, target, pagu) for tahun, target, pagu in new]
        plan.changed_targets += changed
        if own_changed or terkait_changed or new or changed:
            result.updated += 1
        else:
            result.unchanged += 1
    result.created = len(plan.create)
    return plan


def _rencana_baru(row: _Row) -> RencanaAksi:
    return RencanaAksi(
        kode=row.kode,
        indikator=row.indikator,
        opd=row.opd,
        uraian=row.uraian,
        indikator_keluaran=row.indikator_keluaran,
        satuan=row.satuan,
        arah=row.arah or row.indikator.arah,
        **row.fields,
    )


@transaction.atomic
def _plan_save(plan: _Plan, *, by: User | None, alasan: str) -> None:
    """Write a plan in a few bulk statements, each change with its history record and the import reason.

    The rows were checked like full_clean() does, with the foreign keys resolved from lookups read
    once. Every changed target gets the reason, which satisfies the rule that a target with
    realisations changes only with a reason (target_tahunan_set).
    """
    history = {"default_user": by, "default_change_reason": alasan}
    created = bulk_create_with_history(
        [_rencana_baru(row) for row in plan.create], RencanaAksi, batch_size=1000, **history
    )
    _update_rows(plan.update_rencana, sorted(plan.rencana_fields))
    bulk_update_with_history(plan.update_rencana, RencanaAksi, fields=[], batch_size=2000, **history)

    through = RencanaAksi.opd_terkait.through
    links = {rencana.pk: row.opd_terkait or set() for rencana, row in zip(created, plan.create, strict=True)}
    through.objects.filter(rencanaaksi_id__in=list(plan.update_terkait)).delete()
    links.update(plan.update_terkait)
    through.objects.bulk_create(
        [through(rencanaaksi_id=pk, opd_id=opd_id) for pk, opd_ids in links.items() for opd_id in sorted(opd_ids)],
        batch_size=2000,
    )

    new_targets = [
        TargetTahunan(rencana_aksi=rencana, tahun=tahun, target=target, pagu=pagu or 0)
        for rencana, row in zip(created, plan.create, strict=True)
        for tahun, (target, pagu) in row.targets.items()
    ]
    new_targets += [
        TargetTahunan(rencana_aksi=rencana, tahun=tahun, target=target, pagu=pagu)
        for rencana, tahun, target, pagu in plan.new_targets
    ]
    bulk_create_with_history(new_targets, TargetTahunan, batch_size=2000, **history)
    _update_rows(plan.changed_targets, ["target", "pagu"])
    bulk_update_with_history(plan.changed_targets, TargetTahunan, fields=[], batch_size=2000, **history)


def _update_rows(objs: list, fields: list[str]) -> None:
    """UPDATE … FROM (VALUES …) in chunks: linear in the rows, where bulk_update's CASE per field is not.

    Only model metadata is formatted into the statement; every value is a parameter.
    """
    if not objs:
        return
    meta = type(objs[0])._meta
    model_fields = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    assignments = ", ".join(
        f"{quote(f.column)} = CAST(v.column{n} AS {f.db_type(connection)})" for n, f in enumerate(model_fields, start=2)
    )
    row_placeholder = "(" + ", ".join(["%s"] * (len(model_fields) + 1)) + ")"
    for start in range(0, len(objs), UPDATE_CHUNK):
        chunk = objs[start : start + UPDATE_CHUNK]
        params = []
        for obj in chunk:
            params.append(obj.pk)
            params += [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in model_fields]
        values = ", ".join([row_placeholder] * len(chunk))
        sql = (
            f"UPDATE {table} SET {assignments} FROM (VALUES {values}) AS v "  # noqa: S608
            f"WHERE {table}.{quote(meta.pk.column)} = v.column1"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def import_reason(filename: str) -> str:
    # The history reason column holds 100 characters.
    tanggal = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    return f"Impor Excel {Path(filename).name[:60]} {tanggal}"


def rencana_import(
    upload,
    *,
    filename: str,
    by: User | None = None,
    dry_run: bool = False,
    progres: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Check every row of a RAD sheet and, when all are valid and not a dry run, save them in one transaction.

    Rows are matched by kode: a known kode updates that action, a new kode creates one; every
    record written gets a history entry whose reason names the file and the date. `progres` is
    told (rows checked, rows in the sheet) as the check goes on; the save follows the last call.
    """
    result = ImportResult(dry_run=dry_run)
    try:
        xlsx_check(upload)
    except ValidationError as exc:
        result.errors += [RowError(0, message) for message in exc.messages]
        return result
    try:
        rows = _read_rows(upload)
    except Exception:  # openpyxl raises many kinds of errors for a damaged or foreign file
        result.errors.append(RowError(0, _("Berkas tidak dapat dibaca sebagai workbook Excel (.xlsx).")))
        return result
    if not rows:
        result.errors.append(RowError(1, _("Lembar kerja kosong; gunakan templat impor.")))
        return result

    years = rad_years()
    header_index = _find_header_row(rows)
    columns, year_columns, unknown, header_errors = _map_headers(rows[header_index], years)
    result.unrecognised_headers = unknown
    result.errors += [RowError(header_index + 1, message) for message in header_errors]
    if not set(REQUIRED) <= set(columns.values()):
        return result

    parser = _RowParser(_Lookups(), columns, year_columns)
    parsed: list[_Row] = []
    first_row_of = {}
    data_rows = rows[header_index + 1 :]
    for offset, cells in enumerate(data_rows, start=header_index + 2):
        if progres and (offset - header_index - 2) % PROGRESS_EVERY == 0:
            progres(offset - header_index - 2, len(data_rows))
        if all(_text(cell) == "" for cell in cells):
            continue
        result.rows += 1
        row, messages = parser.parse(offset, cells)
        kode_index = _index_of(columns, "kode")
        kode = row.kode if row else _text(cells[kode_index] if kode_index < len(cells) else None)
        if kode:
            if kode in first_row_of:
                messages.append(
                    _("Kode %(kode)s sudah dipakai di baris %(baris)s.") % {"kode": kode, "baris": first_row_of[kode]}
                )
            else:
                first_row_of[kode] = offset
        result.errors += [RowError(offset, message) for message in messages]
        if row and not messages:
            parsed.append(row)
    if result.rows == 0 and not result.errors:
        result.errors.append(RowError(header_index + 2, _("Tidak ada baris data di bawah judul kolom.")))
    if progres:
        progres(len(data_rows), len(data_rows))

    if result.errors or dry_run:
        _plan(parsed, _stored([row.kode for row in parsed], lock=False), result)
        return result
    try:
        with transaction.atomic():
            plan = _plan(parsed, _stored([row.kode for row in parsed], lock=True), result)
            _plan_save(plan, by=by, alasan=import_reason(filename))
    except IntegrityError:
        result.created = result.updated = result.unchanged = 0
        result.errors.append(
            RowError(0, _("Data RAD berubah selama impor (mis. kode yang sama dibuat pengguna lain). Ulangi impor."))
        )
        return result
    result.saved = True
    return result


def _index_of(columns: dict, key: str) -> int:
    return next(index for index, name in columns.items() if name == key)
