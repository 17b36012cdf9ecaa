"""A sheet of accounts in: every row checked against OPDs, roles, clusters and existing accounts; nothing saved."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from core.spreadsheet import lembar_rows_read
from klaster.models import Klaster

from .models import OPD, PERAN_IDENTITAS, Peran, User
from .selectors import opd_nama_list

# One sheet holds one region's people; a longer one is a mistake (or not a user sheet).
MAX_BARIS = 1000
HEADER_SEARCH_ROWS = 10
KOLOM = {
    "nama": {"nama", "nama lengkap", "nama pegawai"},
    "email": {"email", "e-mail", "alamat email", "surel"},
    "telepon": {"telepon", "no telepon", "no. telepon", "nomor telepon", "hp", "no hp", "no. hp", "nomor hp", "wa"},
    "opd": {"opd", "perangkat daerah", "instansi", "opd / lembaga"},
    "peran": {"peran", "role"},
    "klaster": {"klaster", "kluster"},
    "jabatan": {"jabatan"},
}
WAJIB = ("nama", "email", "opd", "peran")
TELEPON = re.compile(r"^\+?[0-9 ()-]{6,30}$")


@dataclass
class BarisPengguna:
    nomor: int
    nama: str
    email: str
    telepon: str
    jabatan: str
    opd: OPD | None
    opd_teks: str
    peran: str
    klaster: Klaster | None
    errors: list[str] = field(default_factory=list)

    @property
    def peran_label(self) -> str:
        return Peran(self.peran).label if self.peran in Peran.values else ""

    def data(self) -> list:
        return [
            self.nama,
            self.email,
            self.telepon,
            self.jabatan,
            self.opd and self.opd.pk,
            self.peran,
            self.klaster and self.klaster.pk,
        ]


@dataclass
class ImporPengguna:
    baris: list[BarisPengguna] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def baris_salah(self) -> list[BarisPengguna]:
        return [b for b in self.baris if b.errors]

    @property
    def sah(self) -> bool:
        return bool(self.baris) and not self.errors and not self.baris_salah


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value)).strip()


def _columns(rows: list[tuple]) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = [_text(cell).lower().rstrip(":") for cell in row]
        found = {}
        for key, labels in KOLOM.items():
            position = next((i for i, name in enumerate(names) if name in labels), None)
            if position is not None:
                found[key] = position
        if all(key in found for key in WAJIB):
            return index, found
    return None


def _peran_lookup() -> dict[str, str]:
    lookup = {}
    for value, label in Peran.choices:
        lookup[value] = value
        lookup[str(label).casefold()] = value
        lookup[value.replace("_", " ")] = value
    return lookup


def _klaster_lookup() -> dict[str, Klaster]:
    lookup = {}
    for klaster in Klaster.objects.all():
        lookup[klaster.kode.casefold()] = klaster
        lookup[klaster.nama.casefold()] = klaster
        lookup[f"klaster {klaster.kode}".casefold()] = klaster
    return lookup


def lembar_pengguna_import(*, berkas, by: User) -> ImporPengguna:
    """Check a user sheet row by row; every problem is reported with its row so the file is fixed in one go.

    Saved afterwards with pengguna_import, all rows or none.
    """
    result = ImporPengguna()
    try:
        rows = lembar_rows_read(berkas, maks=MAX_BARIS + HEADER_SEARCH_ROWS)
    except ValidationError as exc:
        result.errors += exc.messages
        return result
    columns = _columns(rows)
    if columns is None:
        result.errors.append(
            _("Judul kolom tidak ditemukan: lembar kerja harus memiliki kolom “Nama”, “Email”, “OPD” dan “Peran”.")
        )
        return result
    header, kolom = columns
    data = [(n, row) for n, row in enumerate(rows[header + 1 :], start=header + 2) if any(_text(c) for c in row)]
    if len(data) > MAX_BARIS:
        result.errors.append(_("Berkas berisi lebih dari %(maks)s baris data.") % {"maks": MAX_BARIS})
        return result
    if not data:
        result.errors.append(_("Lembar kerja tidak berisi satu pun baris akun."))
        return result
    opd = dict(opd_nama_list())
    peran_lookup = _peran_lookup()
    klaster_lookup = _klaster_lookup()
    emails = [_text(row[kolom["email"]] if kolom["email"] < len(row) else "").lower() for _n, row in data]
    terpakai = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    terpakai |= {e.lower() for e in User.objects.filter(username__in=emails).values_list("username", flat=True)}
    seen: dict[str, int] = {}
    for (nomor, row), email in zip(data, emails, strict=True):

        def cell(key, row=row):
            position = kolom.get(key)
            return _text(row[position]) if position is not None and position < len(row) else ""

        opd_teks = cell("opd")
        peran_teks = cell("peran")
        klaster_teks = cell("klaster")
        baris = BarisPengguna(
            nomor=nomor,
            nama=cell("nama")[:150],
            email=email,
            telepon=cell("telepon"),
            jabatan=cell("jabatan")[:150],
            opd=opd.get(" ".join(opd_teks.split()).casefold()),
            opd_teks=opd_teks,
            peran=peran_lookup.get(peran_teks.casefold(), ""),
            klaster=klaster_lookup.get(klaster_teks.casefold()),
        )
        if not baris.nama:
            baris.errors.append(_("Nama kosong."))
        try:
            validate_email(email)
        except ValidationError:
            baris.errors.append(_("Email tidak valid: “%(email)s”.") % {"email": email})
        else:
            if email in terpakai:
                baris.errors.append(_("Email %(email)s sudah dipakai akun lain.") % {"email": email})
            elif email in seen:
                baris.errors.append(
                    _("Email %(email)s ganda: sudah ada di baris %(baris)s.") % {"email": email, "baris": seen[email]}
                )
            seen.setdefault(email, nomor)
        if baris.telepon and not TELEPON.match(baris.telepon):
            baris.errors.append(_("Nomor telepon tidak valid: “%(telepon)s”.") % {"telepon": baris.telepon})
        if opd_teks and baris.opd is None:
            baris.errors.append(_("OPD tidak dikenal: “%(opd)s”.") % {"opd": opd_teks})
        if not baris.peran:
            baris.errors.append(_("Peran tidak dikenal: “%(peran)s”.") % {"peran": peran_teks})
        elif baris.peran in PERAN_IDENTITAS and not by.is_superuser:
            baris.errors.append(_("Peran Petugas Kasus hanya dapat diberikan oleh superuser."))
        if klaster_teks and baris.klaster is None:
            baris.errors.append(_("Klaster tidak dikenal: “%(klaster)s”.") % {"klaster": klaster_teks})
        if baris.peran == Peran.KOORDINATOR_KLASTER and baris.klaster is None and not klaster_teks:
            baris.errors.append(_("Koordinator Klaster harus dikaitkan dengan satu klaster."))
        if baris.peran == Peran.OPERATOR_OPD and baris.opd is None and not opd_teks:
            baris.errors.append(_("Operator OPD harus dikaitkan dengan OPD-nya."))
        result.baris.append(baris)
    return result
