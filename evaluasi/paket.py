"""The evidence pack: one ZIP per year, a folder per indicator with its files and an index workbook."""

import io
import zipfile
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheet import cell_keep_text

from .reports import laporan_kasus_pdf, laporan_notulen_pdf
from .selectors import penilaian_ringkasan_get


def _folder(indikator) -> str:
    return f"{indikator.kode}-{slugify(indikator.nama)[:60]}"


def _notulen_nama(rapat) -> str:
    return f"notulen-{rapat.tanggal:%Y%m%d}-{rapat.pk}.pdf"


def _statistik_nama(tahun: int) -> str:
    return f"statistik-kasus-{tahun}.pdf"


def _statistik_sel(folder: str, tahun: int, *, kasus: bool) -> str:
    if not kasus:
        return _("Tidak disertakan: peminta paket ini tidak berwenang melihat statistik kasus.")
    return f"{folder}/{_statistik_nama(tahun)}"


def _index_xlsx(penilaian, *, kasus: bool) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Indeks")[:31]
    sheet.append(
        [
            _("Klaster"),
            _("Kode"),
            _("Indikator"),
            _("Bobot"),
            _("Skor"),
            _("Didukung bukti"),
            _("Narasi"),
            _("Berkas bukti"),
            _("Realisasi RAD terverifikasi"),
            _("Rapat Gugus Tugas"),
            _("Statistik kasus"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in penilaian.baris:
        item = row.penilaian
        folder = _folder(row.indikator)
        berkas = [f"{_folder(row.indikator)}/{b.pk}-{b.nama_asli}" for b in item.bukti.all()] if item else []
        realisasi = [f"{r.rencana_aksi.kode} {r.periode.label}" for r in item.realisasi.all()] if item else []
        rapat = [
            f"{r.tanggal:%d-%m-%Y} {r.judul} ({folder}/{_notulen_nama(r)})" for r in (item.rapat.all() if item else [])
        ]
        sheet.append(
            [
                row.indikator.klaster.nama,
                row.indikator.kode,
                row.indikator.nama,
                float(row.indikator.bobot),
                float(row.skor) if row.skor is not None else None,
                _("Ya") if row.didukung else _("Tidak"),
                item.narasi if item else "",
                "\n".join(berkas),
                "\n".join(realisasi),
                "\n".join(rapat),
                _statistik_sel(folder, penilaian.tahun, kasus=kasus) if row.statistik_kasus else "",
            ]
        )
        for cell in sheet[sheet.max_row]:
            # Typed text such as a narrative stays text: shown as written, never evaluated.
            cell_keep_text(cell)
    for column, width in zip("ABCDEFGHIJK", (30, 7, 50, 8, 8, 10, 60, 50, 40, 50, 30), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def paket_bukti_zip(*, tahun: int, tanpa_bab: Collection[str] = ()) -> bytes:
    """Build the year's evidence pack in memory; files are streamed from private storage one by one.

    tanpa_bab=("kasus",) leaves the case statistics out, for a requester refused them.
    """
    penilaian = penilaian_ringkasan_get(tahun=tahun, bukti=True)
    kasus = "kasus" not in tanpa_bab
    statistik = None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.xlsx", _index_xlsx(penilaian, kasus=kasus))
        for row in penilaian.baris:
            if row.penilaian is None:
                continue
            folder = _folder(row.indikator)
            # Cited meetings and statistics travel as documents: their minutes and the suppressed figures.
            for rapat in row.penilaian.rapat.all():
                try:
                    notulen, _nama = laporan_notulen_pdf(rapat_id=rapat.pk)
                except ValidationError:
                    continue
                archive.writestr(f"{folder}/{_notulen_nama(rapat)}", notulen)
            if row.statistik_kasus and kasus:
                if statistik is None:
                    statistik = laporan_kasus_pdf(tahun=tahun)
                archive.writestr(f"{folder}/{_statistik_nama(tahun)}", statistik)
            for bukti in row.penilaian.bukti.all():
                with (
                    bukti.berkas.open("rb") as source,
                    archive.open(f"{folder}/{bukti.pk}-{bukti.nama_asli}", "w") as target,
                ):
                    while chunk := source.read(1024 * 1024):
                        target.write(chunk)
    return buffer.getvalue()
