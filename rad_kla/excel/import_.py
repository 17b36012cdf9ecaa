"""The RAD import sheet: read it and check every row against the reference data; rencana_import (services) saves."""

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from core.spreadsheet import angka_parse, xlsx_check
from gugus_tugas.models import OPD
from gugus_tugas.selectors import opd_nama_list, wilayah_list
from klaster.models import Indikator
from klaster.selectors import indikator_list

from ..models import RencanaAksi, SumberDana
from .columns import LABELS, SHEET_TITLE, rad_years

HEADER_SEARCH_ROWS = 10
TWO_PLACES = Decimal("0.01")
# Targets and baselines are DecimalField(max_digits=16, decimal_places=2).
MAX_DIGITS_BEFORE_POINT = 14
# The import reports its progress after every this many rows.
PROGRESS_EVERY = 200

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


def _normalise(header) -> str:
    text = str(header or "").lower()
    text = re.sub(r"[\s_\-/().:,*]+", " ", text)
    return text.strip()


@dataclass
class RencanaAksiRow:
    """One checked row of an import: the action by its kode, its related OPDs and its yearly targets.

    `arah` None and `opd_terkait` None keep what is stored; `fields` are the other columns the sheet has;
    `targets` is {year: (target, pagu or None)}, where a None pagu keeps the stored one.
    """

    baris: int
    kode: str
    indikator: Indikator
    opd: OPD
    uraian: str
    indikator_keluaran: str
    satuan: str
    arah: str | None
    fields: dict
    opd_terkait: set | None
    targets: dict


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
    # A published matrix (rad_kla.excel.matriks_terbit): RingkasanTerbit.as_dict(); empty for the template.
    terbit: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ImportResult":
        errors = [RowError(**error) for error in data.get("errors", [])]
        return cls(**{**data, "errors": errors})


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _blank(value) -> bool:
    """An empty cell, or one holding what reads as no number (a dash)."""
    try:
        return angka_parse(value) is None
    except ValidationError:
        return False


class _Lookups:
    """Reference data read once per import, so rows are checked without a query each."""

    def __init__(self):
        # Abbreviation, full name or any recorded other spelling ("Dinas Perumahan dan Permukiman").
        self.opd = dict(opd_nama_list())
        today = timezone.localdate().year
        indikator = sorted(
            indikator_list(),
            # The version in force today wins over older or future versions of the same kode.
            key=lambda i: (
                i.berlaku_mulai <= today and (i.berlaku_sampai is None or i.berlaku_sampai >= today),
                i.berlaku_mulai,
            ),
        )
        self.indikator_kode = {i.kode.lower(): i for i in indikator}
        self.indikator_nama = {i.nama.lower(): i for i in indikator}
        self.wilayah = defaultdict(list)
        for wilayah in wilayah_list():
            self.wilayah[wilayah.nama.lower()].append(wilayah)

    def find_opd(self, text: str) -> OPD | None:
        return self.opd.get(" ".join(str(text).split()).casefold())

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

    def parse(self, baris: int, cells: tuple) -> tuple[RencanaAksiRow | None, list[str]]:
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
            opd = self.lookups.find_opd(text["opd"])
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
                other = self.lookups.find_opd(name)
                if other is None:
                    errors.append(_('OPD terkait "%(nilai)s" tidak dikenal.') % {"nilai": name})
                else:
                    opd_terkait.add(other.pk)

        targets = self._targets(years, errors)

        if errors:
            return None, errors
        row = RencanaAksiRow(
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
            number = angka_parse(raw)
        except ValidationError:
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
        filled = [tahun for tahun in self.target_years if not _blank(by_year[tahun].get("target"))]
        targets = {}
        for tahun in self.target_years:
            raw_target = by_year[tahun].get("target")
            raw_pagu = by_year[tahun].get("pagu")
            if _blank(raw_target):
                if filled:
                    errors.append(
                        _("Target %(tahun)s kosong, padahal target tahun lain diisi; tulis 0 bila tidak ada target.")
                        % {"tahun": tahun}
                    )
                elif not _blank(raw_pagu):
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
            if kind == "pagu" and tahun not in self.target_years and not _blank(raw):
                errors.append(_("Pagu %(tahun)s diisi tanpa kolom Target %(tahun)s.") % {"tahun": tahun})
        return targets

    def _field_errors(self, row: RencanaAksiRow) -> list[str]:
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


def rencana_parse(
    upload, *, progres: Callable[[int, int], None] | None = None
) -> tuple[ImportResult, list[RencanaAksiRow]]:
    """Check every row of a RAD sheet: the counts and errors found, and the rows that are valid.

    Nothing is saved here (rad_kla.services.rencana_import saves the rows). `progres` is told (rows checked,
    rows in the sheet) as the check goes on.
    """
    result = ImportResult()
    parsed: list[RencanaAksiRow] = []
    try:
        xlsx_check(upload)
    except ValidationError as exc:
        result.errors += [RowError(0, message) for message in exc.messages]
        return result, parsed
    try:
        rows = _read_rows(upload)
    except Exception:  # openpyxl raises many kinds of errors for a damaged or foreign file
        result.errors.append(RowError(0, _("Berkas tidak dapat dibaca sebagai workbook Excel (.xlsx).")))
        return result, parsed
    if not rows:
        result.errors.append(RowError(1, _("Lembar kerja kosong; gunakan templat impor.")))
        return result, parsed

    years = rad_years()
    header_index = _find_header_row(rows)
    columns, year_columns, unknown, header_errors = _map_headers(rows[header_index], years)
    result.unrecognised_headers = unknown
    result.errors += [RowError(header_index + 1, message) for message in header_errors]
    if not set(REQUIRED) <= set(columns.values()):
        return result, parsed

    parser = _RowParser(_Lookups(), columns, year_columns)
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
    return result, parsed


def _index_of(columns: dict, key: str) -> int:
    return next(index for index, name in columns.items() if name == key)
