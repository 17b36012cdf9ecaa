"""The RAD import template: the export's header row and a "Petunjuk" sheet explaining each column."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .columns import rad_years, sheet_with_headers


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
        ("Lokasi", _("Nama kecamatan atau desa/kelurahan yang terdaftar (boleh kosong).")),
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
    sheet_with_headers(wb, years)
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
