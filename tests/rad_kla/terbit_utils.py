"""Build RAD matrices in the shape regions publish them (lampiran of a Perwali): merged headers, bands, code rows."""

import io
from dataclasses import dataclass, field

from openpyxl import Workbook

YEARS = list(range(2024, 2031))


@dataclass
class Bentuk:
    """How the published matrix is laid out; the defaults are the common shape."""

    pagu: bool = True
    # "umum": one name column; "lain": other header words, OPD under a merged "PERANGKAT DAERAH" header;
    # "kolom": program, kegiatan and sub kegiatan names in columns of their own.
    judul: str = "umum"
    opd_digabung: bool = True
    tanda_tangan: bool = True
    subtotal: bool = True
    klaster: list = field(default_factory=lambda: [("III", "KESEHATAN DASAR DAN KESEJAHTERAAN", ["14", "15"])])
    program_per_indikator: int = 1
    aksi_per_sub: int = 3
    opd: list = field(default_factory=lambda: ["Dinkes", "Dinas PPPAPPKB"])
    sumber: list = field(default_factory=lambda: ["APBD", "BOK", "DAK NF", "DBHCHT"])
    lokasi: list = field(default_factory=lambda: ["Kota Metro", "5 Kecamatan", "Metro Pusat"])
    # Text of every action, to make a revision: (indikator, ordinal) → uraian.
    uraian: dict = field(default_factory=dict)
    pagu_dasar: int = 1_000_000
    # The row of column numbers (1, 2, 3, …) under the headers.
    nomor_kolom: bool = True
    # Bands written "III. KESEHATAN …" and "14. …" instead of "KLASTER III: …" and "Indikator 14: …".
    pita_tanpa_kata: bool = False


def _pagu_cell(amount: int, n: int):
    kind = n % 4
    if kind == 0:
        return amount
    if kind == 1:
        return f"{amount:,}".replace(",", ".")
    if kind == 2:
        return "Rp. " + f"{amount:,}".replace(",", ".") + ",-"
    return "-"


def matriks(bentuk: Bentuk | None = None) -> tuple[io.BytesIO, dict]:
    """A published-shape workbook and what it holds: action count, pagu per year and in all, targets per year."""
    b = bentuk or Bentuk()
    wb = Workbook()
    ws = wb.active
    ws.title = "Lampiran"
    lain = b.judul == "lain"
    if b.judul == "kolom":
        names = [("KODE", "kode"), ("PROGRAM", "program"), ("KEGIATAN", "kegiatan"), ("SUB KEGIATAN", "sub")]
    else:
        names = [("KODE", "kode"), ("PROGRAM / KEGIATAN / SUB KEGIATAN", "nama")]
    left = [
        ("NO", "no"),
        *names,
        ("RENCANA AKSI" if lain else "URAIAN AKSI", "uraian"),
        ("INDIKATOR KELUARAN" if lain else "INDIKATOR KINERJA", "keluaran"),
        ("SATUAN", "satuan"),
        ("KONDISI AWAL (2023)" if lain else "BASELINE", "baseline"),
    ]
    right = [("SUMBER DANA", "sumber")]
    if not lain:
        right += [("OPD PENANGGUNG JAWAB", "opd"), ("OPD PENDUKUNG", "pendukung")]
    tail = [("LOKASI", "lokasi"), ("KETERANGAN", "ket")]
    per_year = 2 if b.pagu else 1
    col = {}
    c = 1
    for _label, key in left:
        col[key] = c
        c += 1
    year_start = c
    for tahun in YEARS:
        col[("target", tahun)] = c
        if b.pagu:
            col[("pagu", tahun)] = c + 1
        c += per_year
    for _label, key in right:
        col[key] = c
        c += 1
    if lain:
        col["opd"], col["pendukung"] = c, c + 1
        c += 2
    for _label, key in tail:
        col[key] = c
        c += 1
    last = c - 1

    ws.cell(1, 1, "LAMPIRAN PERATURAN WALI KOTA METRO NOMOR 12 TAHUN 2024")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    ws.cell(2, 1, "RENCANA AKSI DAERAH KOTA LAYAK ANAK KOTA METRO TAHUN 2024-2030")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
    top = 4
    for label, key in [*left, *right, *tail]:
        ws.cell(top, col[key], label)
        ws.merge_cells(start_row=top, start_column=col[key], end_row=top + 2, end_column=col[key])
    if lain:
        ws.cell(top, col["opd"], "PERANGKAT DAERAH")
        ws.merge_cells(start_row=top, start_column=col["opd"], end_row=top + 1, end_column=col["pendukung"])
        ws.cell(top + 2, col["opd"], "Penanggung Jawab")
        ws.cell(top + 2, col["pendukung"], "Pendukung")
    ws.cell(top, year_start, "TARGET DAN PAGU INDIKATIF" if b.pagu else "TARGET")
    ws.merge_cells(start_row=top, start_column=year_start, end_row=top, end_column=year_start + per_year * 7 - 1)
    for tahun in YEARS:
        c = col[("target", tahun)]
        ws.cell(top + 1, c, f"Tahun {tahun}" if lain else tahun)
        if b.pagu:
            ws.merge_cells(start_row=top + 1, start_column=c, end_row=top + 1, end_column=c + 1)
            ws.cell(top + 2, c, "Target")
            ws.cell(top + 2, c + 1, "Pagu (Rp)" if lain else "Pagu")
        else:
            ws.merge_cells(start_row=top + 1, start_column=c, end_row=top + 2, end_column=c)
    r = top + 3
    if b.nomor_kolom:
        for c in range(1, last + 1):
            ws.cell(r, c, c)
        r += 1

    expected = {"aksi": 0, "pagu": dict.fromkeys(YEARS, 0), "target": dict.fromkeys(YEARS, 0), "kode_baris": []}
    n = 0
    for klaster_no, (roman, klaster_nama, indikator) in enumerate(b.klaster, start=1):
        ws.cell(r, 1, f"{roman}. {klaster_nama}" if b.pita_tanpa_kata else f"KLASTER {roman}: {klaster_nama}")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last)
        r += 1
        for ind in indikator:
            ws.cell(
                r,
                1,
                f"{ind}. Uraian indikator {ind}" if b.pita_tanpa_kata else f"Indikator {ind}: Uraian indikator {ind}",
            )
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last)
            r += 1
            for p in range(b.program_per_indikator):
                opd = b.opd[(p + klaster_no) % len(b.opd)]
                kode_program = f"{klaster_no}.0{ind[-1]}.{p + 1:02d}"
                block_start = r
                subtotal_pagu = dict.fromkeys(YEARS, 0)
                for level, kode, nama in [
                    ("program", kode_program, f"Program Pemenuhan Hak Anak {ind}-{p}"),
                    ("kegiatan", f"{kode_program}.2.01", f"Kegiatan Layanan {ind}-{p}"),
                    ("sub", f"{kode_program}.2.01.0001", f"Sub Kegiatan Pembinaan {ind}-{p}"),
                ]:
                    ws.cell(r, col["kode"], kode)
                    if b.judul == "kolom":
                        ws.cell(r, col[level], nama)
                    else:
                        ws.cell(r, col["nama"], nama)
                    if not b.opd_digabung and level == "program":
                        ws.cell(r, col["opd"], opd)
                    r += 1
                for a in range(b.aksi_per_sub):
                    n += 1
                    ws.cell(r, col["no"], a + 1)
                    uraian = b.uraian.get((ind, p, a), f"Aksi {a + 1} untuk indikator {ind} program {p}")
                    ws.cell(r, col["uraian"], uraian)
                    ws.cell(r, col["keluaran"], f"Jumlah sasaran aksi {a + 1}")
                    ws.cell(r, col["satuan"], "kegiatan")
                    ws.cell(r, col["baseline"], a)
                    for y, tahun in enumerate(YEARS):
                        ws.cell(r, col[("target", tahun)], f"{a + y + 1}" if (a + y) % 2 else a + y + 1)
                        expected["target"][tahun] += 1
                        if b.pagu:
                            amount = b.pagu_dasar * (a + 1) + 250_000 * y
                            cell = _pagu_cell(amount, n + y)
                            ws.cell(r, col[("pagu", tahun)], cell)
                            value = 0 if cell == "-" else amount
                            expected["pagu"][tahun] += value
                            subtotal_pagu[tahun] += value
                    ws.cell(r, col["sumber"], b.sumber[n % len(b.sumber)])
                    if not b.opd_digabung:
                        ws.cell(r, col["opd"], opd)
                    ws.cell(r, col["pendukung"], "Disdikbud" if a % 2 else None)
                    ws.cell(r, col["lokasi"], b.lokasi[n % len(b.lokasi)])
                    expected["kode_baris"].append(r)
                    r += 1
                if b.opd_digabung:
                    ws.cell(block_start, col["opd"], opd)
                    ws.merge_cells(start_row=block_start, start_column=col["opd"], end_row=r - 1, end_column=col["opd"])
                if b.subtotal:
                    ws.cell(r, col["kode"], "JUMLAH")
                    ws.merge_cells(start_row=r, start_column=col["kode"], end_row=r, end_column=col["baseline"])
                    for tahun in YEARS:
                        if b.pagu:
                            ws.cell(r, col[("pagu", tahun)], subtotal_pagu[tahun])
                    r += 1
    expected["aksi"] = n
    if b.subtotal and b.pagu:
        ws.cell(r, 1, "TOTAL")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=col["baseline"])
        for tahun in YEARS:
            ws.cell(r, col[("pagu", tahun)], expected["pagu"][tahun])
        r += 1
    if b.tanda_tangan:
        r += 2
        for line in ["WALI KOTA METRO,", "", "", "WAHDI", "NIP. 19700101 199003 1 001"]:
            ws.cell(r, col["sumber"], line or None)
            r += 1
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "lampiran-perwali.xlsx"
    expected["pagu_total"] = sum(expected["pagu"].values())
    return buffer, expected
