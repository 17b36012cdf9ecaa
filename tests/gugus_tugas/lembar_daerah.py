"""Wilayah and OPD sheets as a region would fill them in, for the import tests and the browser journey."""

import io

from openpyxl import Workbook

WILAYAH_HEADER = ["Kode", "Nama", "Jenis", "Kode Kecamatan"]
OPD_HEADER = ["Nama", "Singkatan", "Jenis", "Nama Lain"]


def xlsx_bytes(rows, header) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["Data daerah"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def merangin_rows() -> list[list]:
    """A kabupaten shaped like Merangin (15.02): 24 kecamatan, 205 desa and 10 kelurahan.

    Kecamatan 01 and 02 hold five kelurahan each (codes 1001–1005), every village after them is a
    desa (2001…); the 24th kecamatan has eight villages, the others nine. Jenis is written out for
    the kecamatan and the kelurahan and left for the code to tell on the desa.
    """
    rows = []
    for k in range(1, 25):
        kecamatan = f"15.02.{k:02d}"
        rows.append([kecamatan, f"Kecamatan Uji {k}", "Kecamatan", ""])
        desa = 0
        for v in range(1, 9 if k == 24 else 10):
            if k <= 2 and v <= 5:
                rows.append([f"{kecamatan}.{1000 + v}", f"Kelurahan {k}-{v}", "Kelurahan", kecamatan])
            else:
                desa += 1
                rows.append([f"{kecamatan}.{2000 + desa}", f"Desa {k}-{v}", "", ""])
    return rows


def opd_rows() -> list[list]:
    return [
        ["Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan KB", "DPPPAPPKB", "OPD",
         "DP3AP2KB; DP3APPKB"],
        ["Badan Perencanaan Pembangunan Daerah", "Bappeda", "", ""],
        ["Dinas Kesehatan", "Dinkes", "Dinas", "Diskes"],
        ["Kepolisian Resor Merangin", "Polres", "Instansi vertikal", ""],
        ["Forum Anak Merangin", "FAM", "Forum Anak", ""],
        ["Kamar Dagang dan Industri", "Kadin", "Dunia usaha", ""],
    ]  # fmt: skip
