"""A region's wilayah and OPD sheets in, each row checked against codes, names and stored data; and their templates."""

import io
import re
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core.spreadsheet import cell_keep_text, lembar_rows_read, sel_text

from .models import OPD, NamaLainOPD, Wilayah

HEADER_SEARCH_ROWS = 10
# Indonesia's largest kabupaten have a few hundred desa; ten thousand rows is not a wilayah sheet.
MAX_BARIS_WILAYAH = 10_000
MAX_BARIS_OPD = 1_000

# Kemendagri codes: kecamatan 18.72.01 (province.regency.district), desa/kelurahan 18.72.01.1001.
KODE_KECAMATAN = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
KODE_DESA = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
# Permendagri 72/2019: a village code starting with 1 is a kelurahan, with 2 a desa.
JENIS_DARI_KODE = {"1": Wilayah.Jenis.KELURAHAN, "2": Wilayah.Jenis.DESA}

KOLOM_WILAYAH = {
    "kode": {"kode", "kode wilayah", "kode kemendagri", "kode wilayah kemendagri"},
    "nama": {"nama", "nama wilayah", "nama kecamatan/desa/kelurahan"},
    "jenis": {"jenis", "tingkat", "jenis wilayah"},
    "kecamatan": {"kode kecamatan", "kode induk", "induk"},
}
KOLOM_OPD = {
    "nama": {"nama", "nama opd", "nama lembaga", "nama opd / lembaga", "opd / lembaga", "nama perangkat daerah"},
    "singkatan": {"singkatan", "akronim", "nama singkat"},
    "jenis": {"jenis", "jenis lembaga", "kategori"},
    "nama_lain": {"nama lain", "alias", "ejaan lain"},
}

# The kind of each problem, so the preview groups rows by what is wrong with them.
MASALAH = {
    "kolom": gettext_lazy("Isian wajib kosong"),
    "kode": gettext_lazy("Kode Kemendagri tidak sah"),
    "ganda": gettext_lazy("Kode atau nama ganda"),
    "daerah": gettext_lazy("Kode di luar daerah ini"),
    "induk": gettext_lazy("Kecamatan induk tidak dikenal"),
    "jenis": gettext_lazy("Jenis tidak dikenal"),
    "terpakai": gettext_lazy("Sudah dipakai data lain"),
}

JENIS_WILAYAH = {
    "kecamatan": Wilayah.Jenis.KECAMATAN,
    "kec": Wilayah.Jenis.KECAMATAN,
    "kec.": Wilayah.Jenis.KECAMATAN,
    "desa": Wilayah.Jenis.DESA,
    "kelurahan": Wilayah.Jenis.KELURAHAN,
    "kel": Wilayah.Jenis.KELURAHAN,
    "kel.": Wilayah.Jenis.KELURAHAN,
}
# Words real OPD lists use for an organisation's kind; those outside government are one jenis here.
JENIS_OPD_SINONIM = {
    "opd": "",
    "perangkat daerah": "",
    "pemerintah daerah": "",
    "vertikal": OPD.Jenis.INSTANSI_VERTIKAL,
    "instansi vertikal": OPD.Jenis.INSTANSI_VERTIKAL,
    "forum anak": OPD.Jenis.NON_PEMERINTAH,
    "dunia usaha": OPD.Jenis.NON_PEMERINTAH,
    "swasta": OPD.Jenis.NON_PEMERINTAH,
    "media": OPD.Jenis.NON_PEMERINTAH,
    "lembaga masyarakat": OPD.Jenis.NON_PEMERINTAH,
    "organisasi masyarakat": OPD.Jenis.NON_PEMERINTAH,
    "ormas": OPD.Jenis.NON_PEMERINTAH,
    "lsm": OPD.Jenis.NON_PEMERINTAH,
    "perguruan tinggi": OPD.Jenis.NON_PEMERINTAH,
    "non pemerintah": OPD.Jenis.NON_PEMERINTAH,
}
# An OPD whose kind is not given (or just "OPD") takes it from the first word of its name.
JENIS_OPD_DARI_NAMA = {"dinas": OPD.Jenis.DINAS, "badan": OPD.Jenis.BADAN, "kecamatan": OPD.Jenis.KECAMATAN}


@dataclass
class Baris:
    """One data row: what it will write, whether that is new, and what is wrong with it (kind, sentence)."""

    nomor: int
    kode: str = ""
    nama: str = ""
    jenis: str = ""
    induk_kode: str = ""
    singkatan: str = ""
    nama_lain: list[str] = field(default_factory=list)
    baru: bool = True
    errors: list[list[str]] = field(default_factory=list)

    def salah(self, jenis_masalah: str, pesan: str) -> None:
        self.errors.append([jenis_masalah, pesan])


@dataclass
class HasilLembar:
    """A checked sheet; kept in the session between the upload, the preview pages and the save."""

    baris: list[Baris] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def baris_salah(self) -> list[Baris]:
        return [b for b in self.baris if b.errors]

    @property
    def sah(self) -> bool:
        return bool(self.baris) and not self.errors and not self.baris_salah

    def masalah_list(self) -> list[dict]:
        """The problems grouped by kind: a label, how many rows, the first row numbers."""
        groups: dict[str, list[int]] = {}
        for baris in self.baris:
            for jenis_masalah in dict.fromkeys(kind for kind, _pesan in baris.errors):
                groups.setdefault(jenis_masalah, []).append(baris.nomor)
        return [
            {"label": MASALAH[kind], "jumlah": len(nomor), "baris": nomor[:20], "lebih": len(nomor) > 20}
            for kind, nomor in groups.items()
        ]

    def to_dict(self) -> dict:
        return {"baris": [asdict(b) for b in self.baris], "errors": self.errors}

    @classmethod
    def from_dict(cls, data: dict) -> "HasilLembar":
        return cls(baris=[Baris(**b) for b in data["baris"]], errors=list(data["errors"]))


def _columns(rows: list[tuple], kolom: dict[str, set[str]], wajib: tuple[str, ...]):
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = [sel_text(cell).casefold().rstrip(":").strip() for cell in row]
        found = {}
        for key, labels in kolom.items():
            position = next((i for i, name in enumerate(names) if name in labels), None)
            if position is not None:
                found[key] = position
        if all(key in found for key in wajib):
            return index, found
    return None


def _data_rows(result: HasilLembar, berkas, *, kolom, wajib, judul: str, maks: int, kosong: str):
    """The header's columns and the non-empty rows under it, or None with the file's problem in result.errors."""
    try:
        rows = lembar_rows_read(berkas, maks=maks + HEADER_SEARCH_ROWS)
    except ValidationError as exc:
        result.errors += exc.messages
        return None
    columns = _columns(rows, kolom, wajib)
    if columns is None:
        result.errors.append(judul)
        return None
    header, posisi = columns
    data = [(n, row) for n, row in enumerate(rows[header + 1 :], start=header + 2) if any(sel_text(c) for c in row)]
    if len(data) > maks:
        result.errors.append(_("Berkas berisi lebih dari %(maks)s baris data.") % {"maks": maks})
        return None
    if not data:
        result.errors.append(kosong)
        return None

    def cell(row, key):
        position = posisi.get(key)
        return sel_text(row[position]) if position is not None and position < len(row) else ""

    return [(n, {key: cell(row, key) for key in kolom}) for n, row in data]


def _kode_clean(kode: str) -> str:
    return kode.replace(" ", "")


def lembar_wilayah_import(*, berkas, kode_daerah: str = "") -> HasilLembar:
    """Check a wilayah sheet (kecamatan and their desa/kelurahan by Kemendagri code); nothing is saved.

    A stored wilayah with the same code is updated, not doubled; so is one with the same name under the
    same kecamatan that has no code yet (a region entered by hand before). Saved by wilayah_import.
    """
    result = HasilLembar()
    data = _data_rows(
        result,
        berkas,
        kolom=KOLOM_WILAYAH,
        wajib=("kode", "nama"),
        judul=_("Judul kolom tidak ditemukan: lembar wilayah harus memiliki kolom “Kode”, “Nama” dan “Jenis”."),
        maks=MAX_BARIS_WILAYAH,
        kosong=_("Lembar wilayah tidak berisi satu pun baris."),
    )
    if data is None:
        return result
    stored = {w.kode: w for w in Wilayah.objects.exclude(kode="")}
    tanpa_kode = {(w.jenis, w.nama.casefold(), w.induk_id): w for w in Wilayah.objects.filter(kode="")}
    kode_dipakai: dict[str, int] = {}
    nama_dipakai: dict[tuple, int] = {}
    kecamatan_lembar: set[str] = set()
    for nomor, cells in data:
        baris = Baris(nomor=nomor, kode=_kode_clean(cells["kode"]), nama=cells["nama"][:100])
        _wilayah_row_check(baris, cells, kode_daerah=kode_daerah)
        if baris.kode and not any(kind == "kode" for kind, _p in baris.errors):
            if baris.kode in kode_dipakai:
                baris.salah(
                    "ganda",
                    _("Kode %(kode)s ganda: sudah ada di baris %(baris)s.")
                    % {"kode": baris.kode, "baris": kode_dipakai[baris.kode]},
                )
            kode_dipakai.setdefault(baris.kode, nomor)
            if baris.jenis == Wilayah.Jenis.KECAMATAN:
                kecamatan_lembar.add(baris.kode)
        result.baris.append(baris)
    kecamatan_tersimpan = {k: w for k, w in stored.items() if w.jenis == Wilayah.Jenis.KECAMATAN}
    # A kecamatan of the sheet that is stored already, by code or (still without one) by name.
    induk_pk = {k: w.pk for k, w in kecamatan_tersimpan.items()}
    for baris in result.baris:
        if baris.jenis == Wilayah.Jenis.KECAMATAN and baris.kode not in induk_pk:
            lama = tanpa_kode.get((baris.jenis, baris.nama.casefold(), None))
            if lama is not None:
                induk_pk[baris.kode] = lama.pk
    for baris in result.baris:
        if baris.errors:
            continue
        if (
            baris.induk_kode
            and baris.induk_kode not in kecamatan_lembar
            and baris.induk_kode not in kecamatan_tersimpan
        ):
            baris.salah(
                "induk",
                _("Kecamatan berkode %(kode)s tidak ada di lembar ini maupun di data wilayah.")
                % {"kode": baris.induk_kode},
            )
            continue
        kunci = (baris.jenis, baris.nama.casefold(), baris.induk_kode)
        if kunci in nama_dipakai:
            baris.salah(
                "ganda",
                _("%(jenis)s %(nama)s ganda di kecamatan yang sama: sudah ada di baris %(baris)s.")
                % {"jenis": Wilayah.Jenis(baris.jenis).label, "nama": baris.nama, "baris": nama_dipakai[kunci]},
            )
            continue
        nama_dipakai[kunci] = baris.nomor
        lama = stored.get(baris.kode)
        if lama is not None and lama.jenis != baris.jenis and Wilayah.Jenis.KECAMATAN in (lama.jenis, baris.jenis):
            baris.salah(
                "terpakai",
                _(
                    "Kode %(kode)s tersimpan sebagai %(lama)s %(nama)s; kecamatan dan desa/kelurahan "
                    "tidak dapat ditukar."
                )
                % {"kode": baris.kode, "lama": lama.get_jenis_display(), "nama": lama.nama},
            )
            continue
        sama_nama = tanpa_kode.get((baris.jenis, baris.nama.casefold(), induk_pk.get(baris.induk_kode)))
        baris.baru = lama is None and sama_nama is None
    return result


def _wilayah_row_check(baris: Baris, cells: dict, *, kode_daerah: str) -> None:
    """The row's own cells: code shape and region, jenis, parent code; sets jenis and induk_kode."""
    if not baris.kode:
        baris.salah("kolom", _("Kode kosong."))
    if not baris.nama:
        baris.salah("kolom", _("Nama kosong."))
    if not baris.kode:
        return
    jenis_teks = cells["jenis"].casefold()
    jenis = JENIS_WILAYAH.get(jenis_teks) if jenis_teks else None
    if jenis_teks and jenis is None:
        baris.salah(
            "jenis",
            _("Jenis tidak dikenal: “%(jenis)s” (tulis Kecamatan, Desa atau Kelurahan).") % {"jenis": cells["jenis"]},
        )
    if KODE_KECAMATAN.match(baris.kode):
        if jenis not in (None, Wilayah.Jenis.KECAMATAN):
            baris.salah(
                "kode",
                _(
                    "Kode %(kode)s adalah kode kecamatan, tetapi jenisnya “%(jenis)s”; kode desa/kelurahan berbentuk "
                    "18.72.01.1001."
                )
                % {"kode": baris.kode, "jenis": cells["jenis"]},
            )
        baris.jenis = Wilayah.Jenis.KECAMATAN
    elif KODE_DESA.match(baris.kode):
        if jenis == Wilayah.Jenis.KECAMATAN:
            baris.salah(
                "kode",
                _(
                    "Kode %(kode)s adalah kode desa/kelurahan, tetapi jenisnya Kecamatan; kode kecamatan berbentuk "
                    "18.72.01."
                )
                % {"kode": baris.kode},
            )
        baris.jenis = jenis or JENIS_DARI_KODE.get(baris.kode[9], "")
        if not baris.jenis:
            baris.salah("jenis", _("Jenis kosong: tulis Desa atau Kelurahan."))
        baris.induk_kode = baris.kode[:8]
        induk_teks = _kode_clean(cells["kecamatan"])
        if induk_teks and induk_teks != baris.induk_kode:
            baris.salah(
                "induk",
                _("Kode kecamatan %(induk)s tidak sesuai dengan kode %(kode)s (seharusnya %(benar)s).")
                % {"induk": induk_teks, "kode": baris.kode, "benar": baris.induk_kode},
            )
    else:
        baris.salah(
            "kode",
            _("Kode “%(kode)s” tidak sah: kecamatan ditulis seperti 18.72.01, desa/kelurahan seperti 18.72.01.1001.")
            % {"kode": baris.kode},
        )
        return
    daerah = _kode_clean(kode_daerah)
    if daerah and not baris.kode.startswith(daerah + "."):
        baris.salah(
            "daerah",
            _("Kode %(kode)s bukan kode wilayah daerah ini (%(daerah)s).") % {"kode": baris.kode, "daerah": daerah},
        )


def _jenis_opd(teks: str, nama: str) -> str | None:
    """The OPD jenis a cell names; from the name's first word when the cell is empty or just "OPD"; None if unknown."""
    kunci = teks.casefold().replace("-", " ")
    pilihan = {value: value for value in OPD.Jenis.values}
    pilihan |= {str(label).casefold().replace("-", " "): value for value, label in OPD.Jenis.choices}
    pilihan |= {value.replace("_", " "): value for value in OPD.Jenis.values}
    if kunci in pilihan:
        return pilihan[kunci]
    if kunci and kunci not in JENIS_OPD_SINONIM:
        return None
    jenis = JENIS_OPD_SINONIM.get(kunci, "")
    if jenis:
        return jenis
    kata = nama.split(" ", 1)[0].casefold()
    return JENIS_OPD_DARI_NAMA.get(kata, OPD.Jenis.PERANGKAT_LAIN)


def lembar_opd_import(*, berkas) -> HasilLembar:
    """Check an OPD sheet (nama, singkatan, jenis, other spellings separated by ";"); nothing is saved.

    A stored OPD with the same singkatan (or, failing that, the same name) is updated; its other
    spellings are added to those it has. Saved by opd_import.
    """
    result = HasilLembar()
    data = _data_rows(
        result,
        berkas,
        kolom=KOLOM_OPD,
        wajib=("nama", "singkatan"),
        judul=_("Judul kolom tidak ditemukan: lembar OPD harus memiliki kolom “Nama” dan “Singkatan”."),
        maks=MAX_BARIS_OPD,
        kosong=_("Lembar OPD tidak berisi satu pun baris."),
    )
    if data is None:
        return result
    tersimpan = list(OPD.objects.all())
    per_singkatan = {o.singkatan.casefold(): o for o in tersimpan}
    per_nama = {o.nama.casefold(): o for o in tersimpan}
    alias_tersimpan = {
        nama.casefold(): opd_id for opd_id, nama in NamaLainOPD.objects.values_list("opd_id", Lower("nama"))
    }
    dipakai: dict[str, tuple[int, str]] = {}
    for nomor, cells in data:
        baris = Baris(nomor=nomor, nama=cells["nama"][:200], singkatan=cells["singkatan"][:50])
        if not baris.nama:
            baris.salah("kolom", _("Nama kosong."))
        if not baris.singkatan:
            baris.salah("kolom", _("Singkatan kosong."))
        jenis = _jenis_opd(cells["jenis"], baris.nama)
        if jenis is None:
            baris.salah(
                "jenis",
                _(
                    "Jenis tidak dikenal: “%(jenis)s” (mis. OPD, Dinas, Badan, Instansi vertikal, Forum Anak, "
                    "Dunia usaha)."
                )
                % {"jenis": cells["jenis"]},
            )
        baris.jenis = jenis or ""
        baris.nama_lain = list(dict.fromkeys(n.strip() for n in cells["nama_lain"].split(";") if n.strip()))
        lama = per_singkatan.get(baris.singkatan.casefold()) or per_nama.get(baris.nama.casefold())
        baris.baru = lama is None
        baris.kode = baris.singkatan
        for nama in [baris.singkatan, baris.nama, *baris.nama_lain]:
            kunci = nama.casefold()
            if not kunci:
                continue
            if kunci in dipakai and dipakai[kunci][0] != nomor:
                baris.salah(
                    "ganda",
                    _("“%(nama)s” ganda: sudah dipakai di baris %(baris)s.")
                    % {"nama": nama, "baris": dipakai[kunci][0]},
                )
            dipakai.setdefault(kunci, (nomor, nama))
            lain = per_singkatan.get(kunci) or per_nama.get(kunci)
            pemilik_alias = alias_tersimpan.get(kunci)
            if (lain is not None and lain != lama) or (
                pemilik_alias is not None and pemilik_alias != getattr(lama, "pk", None)
            ):
                baris.salah(
                    "terpakai",
                    _("“%(nama)s” sudah dipakai sebagai nama, singkatan atau nama lain OPD lain.") % {"nama": nama},
                )
        result.baris.append(baris)
    return result


def _workbook(judul: list[str], rows: list[list], petunjuk: list[tuple[str, str]], lebar: list[int]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Data")
    ws.append(judul)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            cell_keep_text(cell)
    for index, width in enumerate(lebar):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    sheet = wb.create_sheet(_("Petunjuk"))
    sheet.append([_("Kolom"), _("Keterangan")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for kolom, keterangan in petunjuk:
        sheet.append([kolom, keterangan])
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 100
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def wilayah_template_export() -> bytes:
    """The wilayah sheet to fill in: its headers, the wilayah already stored, and a "Petunjuk" sheet."""
    # The sheet itself is in the language the import reads (headers and jenis in Indonesian, whatever the
    # reader's language); only the explanations on "Petunjuk" follow the reader.
    header = ["Kode", "Nama", "Jenis", "Kode Kecamatan"]
    with translation.override("id"):
        rows = [
            [w.kode, w.nama, w.get_jenis_display(), w.induk.kode if w.induk_id else ""]
            for w in Wilayah.objects.select_related("induk").order_by("kode", "jenis", "nama")
        ]
    petunjuk = [
        (
            header[0],
            _(
                "Wajib. Kode wilayah Kemendagri: kecamatan seperti 18.72.01, desa/kelurahan seperti 18.72.01.1001. "
                "Baris dicocokkan melalui kode: kode yang sudah ada diperbarui, tidak pernah digandakan."
            ),
        ),
        (header[1], _("Wajib. Nama kecamatan, desa atau kelurahan, tanpa kata “Kecamatan”, “Desa” atau “Kelurahan”.")),
        (
            header[2],
            _(
                "Kecamatan, Desa atau Kelurahan. Boleh kosong: kode 6 angka adalah kecamatan, kode desa/kelurahan "
                "yang diawali 1 adalah kelurahan dan yang diawali 2 adalah desa."
            ),
        ),
        (
            header[3],
            _("Boleh kosong: kecamatan induk dibaca dari kode desa/kelurahan (18.72.01.1001 → 18.72.01)."),
        ),
        (
            _("Semua atau tidak sama sekali"),
            _("Setiap baris diperiksa. Bila ada satu baris yang salah, tidak ada wilayah yang disimpan."),
        ),
    ]
    return _workbook(header, rows, petunjuk, [18, 36, 14, 18])


def opd_template_export() -> bytes:
    """The OPD sheet to fill in: its headers, the OPD already stored with their other spellings, and a "Petunjuk"."""
    header = ["Nama", "Singkatan", "Jenis", "Nama Lain"]  # in the import's language, as the wilayah sheet
    with translation.override("id"):
        rows = [
            [o.nama, o.singkatan, o.get_jenis_display(), "; ".join(n.nama for n in o.nama_lain.all())]
            for o in OPD.objects.prefetch_related("nama_lain").order_by("nama")
        ]
    petunjuk = [
        (header[0], _("Wajib. Nama lengkap OPD atau lembaga, mis. Dinas Kesehatan.")),
        (
            header[1],
            _("Wajib dan unik, mis. Dinkes. Baris dicocokkan melalui singkatan: yang sudah ada diperbarui."),
        ),
        (
            header[2],
            _(
                "Dinas, Badan, Kecamatan, Perangkat daerah lain, Instansi vertikal (Polres, Kejaksaan, Kemenag) atau "
                "Non-pemerintah (Forum Anak, dunia usaha, media, lembaga masyarakat, perguruan tinggi). "
                "Kosong atau “OPD”: dibaca dari kata pertama nama (Dinas, Badan, Kecamatan)."
            ),
        ),
        (
            header[3],
            _(
                "Ejaan lain yang dipakai dokumen, dipisahkan titik koma (;), mis. DP3AP2KB; DPPPAPPKB. Nama lain "
                "baru ditambahkan; yang sudah tersimpan tidak dihapus."
            ),
        ),
        (
            _("Semua atau tidak sama sekali"),
            _("Setiap baris diperiksa. Bila ada satu baris yang salah, tidak ada OPD yang disimpan."),
        ),
    ]
    return _workbook(header, rows, petunjuk, [48, 18, 24, 48])
