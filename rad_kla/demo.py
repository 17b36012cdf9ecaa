"""Demo data for the RAD KLA of Kota Metro: actions, yearly targets, reporting periods, realisations."""

# The RAD matrix below reads best as one action per line, like the spreadsheet it imitates.
# ruff: noqa: E501

import datetime
import random
import zoneinfo
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from core.seeding import upsert
from gugus_tugas.models import OPD, User, Wilayah
from gugus_tugas.selectors import profil_daerah_get
from klaster.models import Indikator

from .models import PeriodePelaporan, Realisasi, RencanaAksi, SumberDana, TargetTahunan
from .progres import progres_refresh
from .services import periode_create

# The demo shows the RAD as it stands on this day, whatever the clock says, so that a second
# run (tomorrow or next year) changes nothing.
HARI_DEMO = datetime.date(2026, 11, 22)
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
# A realisation is drafted this long before it is submitted; the same rule fixes up rows
# inserted in bulk, whose auto_now_add timestamp would otherwise be the seeding time.
DRAF_SEBELUM_AJUKAN = datetime.timedelta(days=1, hours=3)

ADMIN = "admin.dp3ap2kb"
KOORDINATOR = {"III": "koordinator.klaster3"}
OPERATOR = {"Dinkes": "opd.dinkes", "Disdikbud": "opd.disdikbud"}

APBD, APBN, DAK, CSR, LAIN = (
    SumberDana.APBD,
    SumberDana.APBN,
    SumberDana.DAK,
    SumberDana.CSR,
    SumberDana.LAINNYA,
)

_KESEHATAN = "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat"
_UKM = "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota"
_PENDIDIKAN = "Program Pengelolaan Pendidikan"
_KECAMATAN = ("Program Penyelenggaraan Pemerintahan dan Pelayanan Publik", "Koordinasi Kegiatan Pemerintahan Kecamatan")

# key: (OPD singkatan, kode program, program, kegiatan); codes of Kepmendagri 050-5889/2021.
PROGRAM = {
    "bappeda": (
        "Bappeda",
        "5.01.02",
        "Program Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah",
        "Koordinasi Perencanaan Bidang Pemerintahan dan Pembangunan Manusia",
    ),
    "hukum": (
        "Setda",
        "",
        "Program Pemerintahan dan Kesejahteraan Rakyat",
        "Fasilitasi Penyusunan Produk Hukum Daerah",
    ),
    "pha": (
        "DP3AP2KB",
        "2.08.06",
        "Program Pemenuhan Hak Anak (PHA)",
        "Pelembagaan PHA pada Lembaga Pemerintah, Nonpemerintah, dan Dunia Usaha Tingkat Daerah Kabupaten/Kota",
    ),
    "data": (
        "DP3AP2KB",
        "2.08.05",
        "Program Pengelolaan Sistem Data Gender dan Anak",
        "Pengumpulan, Pengolahan, Analisis dan Penyajian Data Gender dan Anak",
    ),
    "keluarga": (
        "DP3AP2KB",
        "2.08.04",
        "Program Peningkatan Kualitas Keluarga",
        "Peningkatan Kualitas Keluarga dalam Mewujudkan Kesetaraan Gender dan Hak Anak",
    ),
    "pka": (
        "DP3AP2KB",
        "2.08.07",
        "Program Perlindungan Khusus Anak",
        "Pencegahan Kekerasan terhadap Anak yang Melibatkan Para Pihak Lingkup Daerah Kabupaten/Kota",
    ),
    "layanan": (
        "DP3AP2KB",
        "2.08.07",
        "Program Perlindungan Khusus Anak",
        "Penyediaan Layanan bagi Anak yang Memerlukan Perlindungan Khusus Tingkat Daerah Kabupaten/Kota",
    ),
    "kb": (
        "DP3AP2KB",
        "2.14.04",
        "Program Pemberdayaan dan Peningkatan Keluarga Sejahtera (KS)",
        "Pelaksanaan Pembangunan Keluarga melalui Pembinaan Ketahanan dan Kesejahteraan Keluarga",
    ),
    "paud": ("Disdikbud", "1.01.02", _PENDIDIKAN, "Pengelolaan Pendidikan Anak Usia Dini (PAUD)"),
    "sd": ("Disdikbud", "1.01.02", _PENDIDIKAN, "Pengelolaan Pendidikan Sekolah Dasar"),
    "smp": ("Disdikbud", "1.01.02", _PENDIDIKAN, "Pengelolaan Pendidikan Sekolah Menengah Pertama"),
    "kesetaraan": ("Disdikbud", "1.01.02", _PENDIDIKAN, "Pengelolaan Pendidikan Nonformal/Kesetaraan"),
    "budaya": ("Disdikbud", "2.22.02", "Program Pengembangan Kebudayaan", "Pelestarian Kesenian Tradisional"),
    "ukm": ("Dinkes", "1.02.02", _KESEHATAN, _UKM),
    "faskes": (
        "Dinkes",
        "1.02.02",
        _KESEHATAN,
        "Penyediaan Fasilitas Pelayanan Kesehatan untuk UKM dan UKP Kewenangan Daerah Kabupaten/Kota",
    ),
    "promkes": (
        "Dinkes",
        "1.02.05",
        "Program Pemberdayaan Masyarakat Bidang Kesehatan",
        "Advokasi, Pemberdayaan, Kemitraan dan Peningkatan Peran Serta Masyarakat dan Lintas Sektor",
    ),
    "rsud": ("RSUD A. Yani", "1.02.02", _KESEHATAN, _UKM),
    "rehsos": ("Dinsos", "1.06.04", "Program Rehabilitasi Sosial", "Rehabilitasi Sosial Dasar Anak Terlantar"),
    "linjamsos": (
        "Dinsos",
        "1.06.05",
        "Program Perlindungan dan Jaminan Sosial",
        "Pengelolaan Data Fakir Miskin Cakupan Daerah Kabupaten/Kota",
    ),
    "capil": ("Disdukcapil", "2.12.03", "Program Pencatatan Sipil", "Pelayanan Pencatatan Sipil"),
    "dafduk": ("Disdukcapil", "2.12.02", "Program Pendaftaran Penduduk", "Pelayanan Pendaftaran Penduduk"),
    "ikp": (
        "Diskominfo",
        "2.16.02",
        "Program Informasi dan Komunikasi Publik",
        "Pengelolaan Informasi dan Komunikasi Publik Pemerintah Daerah Kabupaten/Kota",
    ),
    "perpus": (
        "Dispusip",
        "2.23.02",
        "Program Pembinaan Perpustakaan",
        "Pengelolaan Perpustakaan Tingkat Daerah Kabupaten/Kota",
    ),
    "pemuda": (
        "Disporapar",
        "2.19.02",
        "Program Pengembangan Kapasitas Daya Saing Kepemudaan",
        "Penyadaran, Pemberdayaan, dan Pengembangan Pemuda dan Kepemudaan",
    ),
    "olahraga": (
        "Disporapar",
        "2.19.03",
        "Program Pengembangan Kapasitas Daya Saing Keolahragaan",
        "Pembinaan dan Pengembangan Olahraga Pendidikan",
    ),
    "wisata": (
        "Disporapar",
        "3.26.03",
        "Program Peningkatan Daya Tarik Destinasi Pariwisata",
        "Pengelolaan Daya Tarik Wisata Kabupaten/Kota",
    ),
    "air": (
        "DPUPR",
        "1.03.03",
        "Program Pengelolaan dan Pengembangan Sistem Penyediaan Air Minum",
        "Pengelolaan dan Pengembangan Sistem Penyediaan Air Minum (SPAM) di Daerah Kabupaten/Kota",
    ),
    "limbah": (
        "DPUPR",
        "1.03.06",
        "Program Pengelolaan dan Pengembangan Sistem Air Limbah",
        "Pengelolaan dan Pengembangan Sistem Air Limbah Domestik dalam Daerah Kabupaten/Kota",
    ),
    "jalan": ("DPUPR", "1.03.10", "Program Penyelenggaraan Jalan", "Penyelenggaraan Jalan Kabupaten/Kota"),
    "psu": (
        "Disperkim",
        "1.04.05",
        "Program Peningkatan Prasarana, Sarana dan Utilitas Umum (PSU)",
        "Urusan Penyelenggaraan PSU Perumahan",
    ),
    "dlh": (
        "DLH",
        "2.11.08",
        "Program Peningkatan Pendidikan, Pelatihan dan Penyuluhan Lingkungan Hidup untuk Masyarakat",
        "Penyelenggaraan Pendidikan, Pelatihan, dan Penyuluhan Lingkungan Hidup",
    ),
    "dishub": (
        "Dishub",
        "2.15.02",
        "Program Penyelenggaraan Lalu Lintas dan Angkutan Jalan (LLAJ)",
        "Penyediaan Perlengkapan Jalan di Jalan Kabupaten/Kota",
    ),
    "naker": ("Disnaker", "", "Program Hubungan Industrial", "Pembinaan Norma Ketenagakerjaan di Perusahaan"),
    "satpol": (
        "Satpol PP",
        "1.05.02",
        "Program Peningkatan Ketenteraman dan Ketertiban Umum",
        "Penanganan Gangguan Ketenteraman dan Ketertiban Umum",
    ),
    "kesbangpol": (
        "Kesbangpol",
        "8.01.02",
        "Program Penguatan Ideologi Pancasila dan Karakter Kebangsaan",
        "Pemantapan Pelaksanaan Bidang Ideologi Pancasila dan Karakter Kebangsaan",
    ),
    "bpbd": (
        "BPBD",
        "1.05.03",
        "Program Penanggulangan Bencana",
        "Pelayanan Pencegahan dan Kesiapsiagaan terhadap Bencana",
    ),
    "kemenag": (
        "Kemenag",
        "",
        "Program Bimbingan Masyarakat Islam",
        "Bimbingan Keluarga Sakinah dan Remaja Usia Sekolah",
    ),
    "pkk": ("TP PKK", "", "Program Pemberdayaan Kesejahteraan Keluarga", "Gerakan PKK untuk Ketahanan Keluarga"),
    "apindo": ("APINDO", "", "Program Tanggung Jawab Sosial Dunia Usaha", "Pengembangan Perusahaan Sahabat Anak"),
    **{
        f"kec:{nama}": (f"Kec. {nama}", "", *_KECAMATAN)
        for nama in ("Metro Pusat", "Metro Barat", "Metro Timur", "Metro Utara", "Metro Selatan")
    },
}


@dataclass(frozen=True)
class Aksi:
    """One row of the RAD matrix.

    baseline None means a yearly output (the same count every year, reported cumulatively);
    otherwise the indicator is a level moving from the baseline (2023) to `akhir` in the last year.
    """

    program: str
    sub_kegiatan: str
    uraian: str
    keluaran: str
    satuan: str
    baseline: float | None
    akhir: float
    pagu_juta: int
    sumber: str = APBD
    lokasi: str = ""
    terkait: tuple[str, ...] = ()


A = Aksi
# fmt: off
AKSI: dict[str, list[Aksi]] = {
    "1": [
        A("hukum", "Penyusunan Rancangan Peraturan Daerah", "Revisi Perda Nomor 3 Tahun 2019 tentang Kota Layak Anak menyesuaikan Perpres 25/2021", "Rancangan Perda KLA yang diharmonisasi", "dokumen", 0, 1, 150, terkait=("DP3AP2KB",)),
        A("hukum", "Penyusunan Peraturan Kepala Daerah", "Penyusunan Peraturan Wali Kota tentang petunjuk pelaksanaan Perda KLA", "Perwali turunan Perda KLA yang ditetapkan", "dokumen", 1, 4, 75),
        A("pha", "Advokasi Kebijakan Pemenuhan Hak Anak", "Advokasi pengintegrasian hak anak ke dalam Renstra dan Renja OPD", "OPD yang memuat indikator KLA dalam Renja", "OPD", 12, 30, 60, terkait=("Bappeda",)),
        A("bappeda", "Koordinasi Penyusunan Dokumen Perencanaan", "Pengintegrasian indikator KLA ke dalam RPJMD dan RKPD Kota Metro", "Dokumen RKPD yang memuat indikator KLA", "dokumen", None, 1, 45),
        A("pha", "Penyusunan Kebijakan Pemenuhan Hak Anak", "Penyusunan Surat Edaran Wali Kota tentang kantor dan layanan publik ramah anak", "Surat edaran yang diterbitkan", "dokumen", None, 1, 25),
    ],
    "2": [
        A("pha", "Koordinasi dan Sinkronisasi Pelembagaan PHA", "Rapat koordinasi Gugus Tugas KLA minimal empat kali setahun", "Rapat koordinasi Gugus Tugas KLA", "kali", None, 4, 85, terkait=("Bappeda",)),
        A("data", "Penyediaan Data Gender dan Anak", "Pemutakhiran profil anak Kota Metro", "Dokumen profil anak yang dimutakhirkan", "dokumen", None, 1, 95, terkait=("Disdukcapil",)),
        A("pha", "Pengembangan Kelurahan Layak Anak", "Pembentukan dan pendampingan Kelurahan Layak Anak (DEKELA)", "Kelurahan Layak Anak terbentuk", "kelurahan", 8, 22, 120),
        A("bappeda", "Monitoring, Evaluasi dan Pelaporan", "Evaluasi pelaksanaan RAD KLA dan penyusunan laporan tahunan", "Laporan evaluasi RAD KLA", "dokumen", None, 1, 55),
        A("kec:Metro Pusat", "Pembinaan Kecamatan Layak Anak", "Pembinaan Kecamatan Layak Anak (KELANA) di Kecamatan Metro Pusat", "Kelurahan yang dibina menuju DEKELA", "kelurahan", 2, 5, 40),
        A("kec:Metro Barat", "Pembinaan Kecamatan Layak Anak", "Pembinaan Kecamatan Layak Anak (KELANA) di Kecamatan Metro Barat", "Kelurahan yang dibina menuju DEKELA", "kelurahan", 1, 4, 35),
        A("kec:Metro Timur", "Pembinaan Kecamatan Layak Anak", "Pembinaan Kecamatan Layak Anak (KELANA) di Kecamatan Metro Timur", "Kelurahan yang dibina menuju DEKELA", "kelurahan", 2, 5, 40),
        A("kec:Metro Utara", "Pembinaan Kecamatan Layak Anak", "Pembinaan Kecamatan Layak Anak (KELANA) di Kecamatan Metro Utara", "Kelurahan yang dibina menuju DEKELA", "kelurahan", 1, 4, 30),
        A("kec:Metro Selatan", "Pembinaan Kecamatan Layak Anak", "Pembinaan Kecamatan Layak Anak (KELANA) di Kecamatan Metro Selatan", "Kelurahan yang dibina menuju DEKELA", "kelurahan", 1, 4, 30),
    ],
    "3": [
        A("apindo", "Pengembangan APSAI", "Pembentukan APSAI Kota Metro dan perluasan keanggotaan perusahaan sahabat anak", "Perusahaan anggota APSAI", "perusahaan", 5, 30, 40, CSR, terkait=("DP3AP2KB",)),
        A("pha", "Pelembagaan PHA pada Lembaga Masyarakat", "Fasilitasi lembaga masyarakat dan organisasi keagamaan dalam pemenuhan hak anak", "Lembaga masyarakat yang terlibat PHA", "lembaga", 15, 40, 65),
        A("ikp", "Pengelolaan Media Komunikasi Publik", "Pelatihan jurnalisme ramah anak bagi media lokal", "Media yang menerapkan pedoman pemberitaan ramah anak", "media", 3, 12, 50, terkait=("DP3AP2KB",)),
        A("pha", "Pelembagaan PHA pada Dunia Usaha", "Penyediaan ruang ASI dan tempat penitipan anak di tempat kerja melalui kemitraan dunia usaha", "Perusahaan yang menyediakan ruang ASI", "perusahaan", 6, 25, 35, CSR, terkait=("Disnaker",)),
        A("pkk", "Penggerakan Kader PKK", "Penggerakan kader PKK dalam kampanye pengasuhan positif", "Kader PKK terlatih pengasuhan positif", "orang", 120, 440, 30, LAIN),
    ],
    "4": [
        A("capil", "Pelayanan Akta Kelahiran", "Pelayanan akta kelahiran terintegrasi di rumah sakit dan puskesmas (3 in 1)", "Cakupan kepemilikan akta kelahiran anak 0–17 tahun", "%", 96.2, 99.5, 180, terkait=("Dinkes", "RSUD A. Yani")),
        A("dafduk", "Penerbitan Kartu Identitas Anak", "Penerbitan Kartu Identitas Anak melalui jemput bola di sekolah", "Cakupan kepemilikan KIA", "%", 48.5, 90, 210, terkait=("Disdikbud",)),
        A("capil", "Pelayanan Akta Kelahiran Keliling", "Pelayanan akta kelahiran keliling di kelurahan", "Akta kelahiran terbit melalui layanan keliling", "akta", None, 600, 65, lokasi="Tejosari"),
        A("dafduk", "Penerbitan Kartu Identitas Anak", "Jemput bola KIA di PAUD dan taman kanak-kanak", "KIA terbit bagi anak usia 0–5 tahun", "keping", None, 2500, 90, lokasi="Yosomulyo"),
        A("ikp", "Pengelolaan Konten Informasi Publik", "Sosialisasi pentingnya akta kelahiran dan KIA melalui media sosial dan radio", "Konten sosialisasi adminduk anak", "konten", None, 24, 25),
    ],
    "5": [
        A("perpus", "Pengembangan Koleksi Perpustakaan", "Penambahan koleksi dan layanan pojok baca anak di perpustakaan daerah", "Koleksi buku anak", "eksemplar", 4200, 9000, 160),
        A("perpus", "Pembinaan Perpustakaan Kelurahan", "Pembinaan pojok baca ramah anak di kelurahan", "Pojok baca anak di kelurahan", "unit", 6, 22, 95, lokasi="Hadimulyo Barat"),
        A("ikp", "Pengelolaan Konten Informasi Publik", "Penyediaan konten informasi layak anak di kanal resmi Pemerintah Kota", "Konten ILA yang dipublikasikan", "konten", None, 48, 40),
        A("ikp", "Penyediaan Infrastruktur TIK", "Penyediaan titik internet sehat ramah anak di ruang publik", "Titik Wi-Fi publik dengan penyaringan konten", "titik", 10, 40, 120, lokasi="Metro"),
        A("pha", "Pengawasan Informasi Layak Anak", "Pembinaan warung internet dan game center ramah anak", "Warnet dan game center yang dibina", "unit", 5, 30, 25, terkait=("Satpol PP",)),
    ],
    "6": [
        A("pha", "Fasilitasi Forum Anak", "Fasilitasi Forum Anak Kota Metro dalam Musrenbang", "Usulan Forum Anak yang diakomodasi", "usulan", None, 10, 75, terkait=("Bappeda",)),
        A("pha", "Fasilitasi Forum Anak", "Pembentukan dan pembinaan Forum Anak kecamatan dan kelurahan", "Forum Anak kelurahan aktif", "forum", 10, 22, 60),
        A("pemuda", "Pelatihan Kepemimpinan Pemuda", "Pelatihan kepemimpinan dan Pelopor Pelapor (2P) bagi pengurus Forum Anak", "Anggota Forum Anak terlatih 2P", "orang", None, 60, 45),
        A("bappeda", "Penyelenggaraan Musrenbang", "Penyelenggaraan Musrenbang Anak tingkat kota", "Musrenbang Anak terlaksana", "kali", None, 1, 50),
        A("kesbangpol", "Pendidikan Karakter Kebangsaan", "Pendidikan karakter kebangsaan dan wawasan antiradikalisme bagi Forum Anak", "Peserta pendidikan karakter", "orang", None, 150, 40),
    ],
    "7": [
        A("kb", "Pembinaan Generasi Berencana", "Pembinaan PIK Remaja tentang pendewasaan usia perkawinan", "Persentase kehamilan remaja usia di bawah 20 tahun", "%", 4.2, 1.5, 85),
        A("keluarga", "Pencegahan Perkawinan Anak", "Pendampingan keluarga berisiko perkawinan anak oleh PUSPAGA", "Permohonan dispensasi kawin", "perkara", 28, 8, 60, terkait=("PA Metro",)),
        A("kemenag", "Bimbingan Remaja Usia Sekolah", "Bimbingan remaja usia sekolah (BRUS) di madrasah dan sekolah", "Perkawinan usia anak yang tercatat di KUA", "pasangan", 19, 5, 45, APBN),
        A("keluarga", "Pencegahan Perkawinan Anak", "Kampanye Stop Perkawinan Anak bersama tokoh agama dan tokoh adat", "Angka perkawinan anak per 1.000 perempuan 15–19 tahun", "per 1.000", 6.8, 2.5, 70, terkait=("Kemenag",)),
        A("pkk", "Penyuluhan Keluarga", "Penyuluhan dampak perkawinan anak melalui kelompok dasa wisma", "Kasus perkawinan anak di kelurahan binaan", "kasus", 9, 2, 25, LAIN, lokasi="Rejomulyo"),
    ],
    "8": [
        A("keluarga", "Penyediaan Layanan PUSPAGA", "Penguatan layanan PUSPAGA Kota Metro dengan psikolog dan konselor", "Keluarga yang mendapat layanan konseling PUSPAGA", "keluarga", 180, 600, 140),
        A("keluarga", "Peningkatan Kapasitas Pengasuhan", "Pelatihan pengasuhan positif bagi orang tua", "Orang tua terlatih pengasuhan positif", "orang", None, 300, 70),
        A("kb", "Pembinaan Bina Keluarga Balita", "Penguatan kelompok Bina Keluarga Balita (BKB) terintegrasi PAUD", "Kelompok BKB aktif", "kelompok", 44, 66, 55),
        A("keluarga", "Penyediaan Layanan PUSPAGA", "Layanan PUSPAGA keliling di kelurahan", "Sesi layanan PUSPAGA keliling", "sesi", None, 22, 35, lokasi="Banjarsari"),
        A("kb", "Pembinaan Bina Keluarga Remaja", "Penguatan kelompok Bina Keluarga Remaja (BKR)", "Kelompok BKR aktif", "kelompok", 22, 44, 40),
    ],
    "9": [
        A("rehsos", "Pembinaan Lembaga Kesejahteraan Sosial", "Pembinaan dan akreditasi Lembaga Kesejahteraan Sosial Anak (LKSA)", "LKSA terakreditasi", "lembaga", 2, 7, 90),
        A("rehsos", "Pengasuhan Berbasis Keluarga", "Pengasuhan berbasis keluarga (kerabat dan orang tua asuh) bagi anak terlantar", "Anak terlantar yang diasuh keluarga pengganti", "anak", 12, 40, 65),
        A("rehsos", "Pemenuhan Kebutuhan Dasar Anak", "Pemenuhan kebutuhan dasar anak di LKSA melalui ATENSI", "Anak LKSA penerima ATENSI", "anak", 85, 160, 180, APBN),
        A("linjamsos", "Pemutakhiran Data Kesejahteraan Sosial", "Pemutakhiran data anak tanpa pengasuhan orang tua dalam DTKS", "Kelurahan yang memutakhirkan data anak terlantar", "kelurahan", 10, 22, 40),
    ],
    "10": [
        A("psu", "Penyediaan Ruang Terbuka Hijau", "Pembangunan Ruang Bermain Ramah Anak (RBRA) di taman kota", "RBRA terstandar", "unit", 3, 12, 450, lokasi="Iringmulyo", terkait=("DP3AP2KB",)),
        A("dishub", "Penyediaan Perlengkapan Jalan", "Pembangunan Zona Selamat Sekolah (ZoSS)", "ZoSS terpasang", "lokasi", 8, 30, 260, lokasi="Yosodadi", terkait=("Disdikbud",)),
        A("jalan", "Pembangunan Trotoar", "Pembangunan trotoar ramah anak dan disabilitas di koridor sekolah", "Trotoar ramah anak", "meter", 1200, 6000, 700, DAK),
        A("pha", "Penyediaan Fasilitas Publik Ramah Anak", "Penyediaan ruang laktasi dan toilet anak di fasilitas publik", "Fasilitas publik ramah anak tersertifikasi", "unit", 5, 20, 85),
        A("wisata", "Penataan Destinasi Wisata", "Penataan destinasi wisata ramah anak di Taman Merdeka dan Dam Raman", "Destinasi wisata ramah anak", "destinasi", 1, 5, 320, lokasi="Purwoasri"),
    ],
    "11": [
        A("ukm", "Pengelolaan Pelayanan Kesehatan Ibu Hamil", "Pemeriksaan kehamilan minimal enam kali (K6) oleh tenaga kesehatan", "Cakupan K6 ibu hamil", "%", 88.0, 98.0, 240),
        A("ukm", "Pengelolaan Pelayanan Kesehatan Ibu Bersalin", "Pertolongan persalinan oleh tenaga kesehatan di fasilitas kesehatan", "Persalinan di fasilitas kesehatan", "%", 97.1, 100, 310),
        A("rsud", "Pelayanan Kesehatan Rujukan", "Penguatan layanan PONEK RSUD Jenderal Ahmad Yani", "Kasus rujukan maternal tertangani sesuai standar", "%", 90, 100, 520, terkait=("Dinkes",)),
        A("faskes", "Pengadaan Alat Kesehatan", "Pemenuhan alat kesehatan PONED di puskesmas", "Puskesmas PONED sesuai standar", "puskesmas", 3, 11, 650, DAK, lokasi="Yosomulyo"),
        A("promkes", "Penyelenggaraan Kelas Ibu", "Kelas ibu hamil di setiap kelurahan", "Kelas ibu hamil terlaksana", "kelas", None, 88, 60),
    ],
    "12": [
        A("ukm", "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat", "Intervensi spesifik penurunan stunting: PMT balita gizi kurang", "Prevalensi stunting balita", "%", 12.9, 7.0, 480, DAK, terkait=("Bappeda", "DP3AP2KB")),
        A("ukm", "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat", "Pemberian tablet tambah darah bagi remaja putri di sekolah", "Prevalensi anemia remaja putri", "%", 26.0, 15.0, 120, terkait=("Disdikbud",)),
        A("ukm", "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat", "Penanganan balita gizi buruk melalui Therapeutic Feeding Center", "Kasus gizi buruk balita", "kasus", 21, 5, 160),
        A("kb", "Pendampingan Keluarga Berisiko Stunting", "Pendampingan keluarga berisiko stunting oleh Tim Pendamping Keluarga", "Keluarga berisiko stunting", "keluarga", 2100, 900, 95, DAK),
        A("bappeda", "Koordinasi Percepatan Penurunan Stunting", "Koordinasi Tim Percepatan Penurunan Stunting dan rembuk stunting", "Kelurahan lokus dengan prevalensi stunting di atas 10 %", "kelurahan", 9, 2, 70, terkait=("Dinkes",)),
    ],
    "13": [
        A("ukm", "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat", "Pelatihan konseling menyusui dan PMBA bagi tenaga kesehatan dan kader", "Konselor ASI dan PMBA terlatih", "orang", 60, 180, 85),
        A("ukm", "Pengelolaan Pelayanan Kesehatan Bayi Baru Lahir", "Pemantauan ASI eksklusif bayi 0–6 bulan", "Cakupan ASI eksklusif", "%", 68.0, 85.0, 75),
        A("promkes", "Penyelenggaraan Posyandu", "Demonstrasi masak MP-ASI berbahan pangan lokal di posyandu", "Posyandu yang melaksanakan demo MP-ASI", "posyandu", 70, 170, 55, lokasi="Margorejo"),
        A("pkk", "Penggerakan Dasa Wisma", "Gerakan Dasa Wisma Peduli ASI dan PMBA", "Kelompok dasa wisma aktif", "kelompok", 150, 400, 25, LAIN),
        A("promkes", "Kampanye Gizi Seimbang", "Kampanye Isi Piringku dan gizi seimbang bagi keluarga balita", "Keluarga balita terpapar kampanye gizi", "keluarga", None, 1200, 30),
    ],
    "14": [
        A("faskes", "Pengembangan Puskesmas", "Pemenuhan standar Puskesmas Ramah Anak", "Puskesmas Ramah Anak", "puskesmas", 6, 11, 350, lokasi="Sumbersari"),
        A("ukm", "Pengelolaan Pelayanan Kesehatan Usia Pendidikan Dasar", "Pelayanan kesehatan peduli remaja (PKPR) di puskesmas", "Puskesmas yang melaksanakan PKPR", "puskesmas", 8, 11, 90),
        A("ukm", "Pengelolaan Pelayanan Kesehatan Usia Pendidikan Dasar", "Penjaringan kesehatan peserta didik kelas 1, 7 dan 10", "Cakupan penjaringan kesehatan peserta didik", "%", 85, 100, 110, terkait=("Disdikbud",)),
        A("rsud", "Pelayanan Kesehatan Rujukan", "Penyediaan ruang tunggu dan ruang rawat anak yang ramah anak di RSUD", "Unit layanan RSUD ramah anak", "unit", 1, 5, 400),
        A("ukm", "Peningkatan Kapasitas Tenaga Kesehatan", "Pelatihan Konvensi Hak Anak bagi tenaga kesehatan", "Tenaga kesehatan terlatih KHA", "orang", 45, 150, 50),
    ],
    "15": [
        A("air", "Perluasan SPAM Jaringan Perpipaan", "Perluasan jaringan perpipaan air minum ke rumah tangga", "Rumah tangga dengan akses air minum layak", "%", 91.5, 100, 750, DAK, lokasi="Ganjarasri"),
        A("limbah", "Pembangunan SPALD Terpusat Skala Permukiman", "Pembangunan IPAL komunal", "Rumah tangga dengan akses sanitasi layak", "%", 88.0, 98.0, 620, DAK, lokasi="Mulyojati"),
        A("ukm", "Penyelenggaraan Kesehatan Lingkungan", "Pemicuan Sanitasi Total Berbasis Masyarakat (STBM)", "Kelurahan Stop Buang Air Besar Sembarangan", "kelurahan", 14, 22, 65),
        A("dlh", "Pendidikan Lingkungan Hidup", "Pembinaan sekolah Adiwiyata dan bank sampah sekolah", "Sekolah Adiwiyata", "sekolah", 18, 45, 90, terkait=("Disdikbud",)),
        A("sd", "Rehabilitasi Sarana Sekolah Dasar", "Penyediaan sarana cuci tangan dan toilet terpisah di sekolah dasar", "SD dengan sanitasi layak", "sekolah", 60, 90, 380, DAK),
    ],
    "16": [
        A("promkes", "Pembinaan Kawasan Tanpa Rokok", "Pembinaan Kawasan Tanpa Rokok di sekolah dan fasilitas kesehatan", "Sekolah yang menerapkan KTR", "sekolah", 40, 140, 60, terkait=("Disdikbud",)),
        A("satpol", "Penegakan Peraturan Daerah", "Penegakan Perda KTR dan penertiban reklame rokok", "Operasi penertiban reklame rokok", "kali", None, 12, 85),
        A("promkes", "Layanan Upaya Berhenti Merokok", "Layanan upaya berhenti merokok bagi remaja di puskesmas", "Puskesmas dengan layanan berhenti merokok", "puskesmas", 3, 11, 40),
        A("hukum", "Penyusunan Peraturan Kepala Daerah", "Penyusunan Perwali larangan iklan, promosi dan sponsor rokok", "Perwali larangan iklan rokok", "dokumen", 0, 1, 60, terkait=("Dinkes",)),
    ],
    "17": [
        A("paud", "Pengembangan PAUD Holistik Integratif", "Pengembangan PAUD Holistik Integratif di setiap kelurahan", "Lembaga PAUD HI", "lembaga", 35, 90, 280),
        A("paud", "Peningkatan Kompetensi Pendidik PAUD", "Pelatihan berjenjang guru PAUD", "Guru PAUD bersertifikat diklat dasar", "orang", 180, 420, 150),
        A("paud", "Bantuan Operasional PAUD", "Penyaluran Bantuan Operasional Penyelenggaraan PAUD", "Angka partisipasi PAUD usia 5–6 tahun", "%", 82, 95, 740, DAK),
        A("promkes", "Stimulasi Deteksi Intervensi Dini Tumbuh Kembang", "Integrasi layanan posyandu dengan PAUD melalui SDIDTK", "Balita yang dipantau tumbuh kembangnya", "%", 75, 95, 70),
        A("paud", "Penyediaan Sarana PAUD", "Penyediaan alat permainan edukatif dan sarana PAUD di kelurahan", "PAUD penerima bantuan APE", "lembaga", None, 15, 180, lokasi="Karangrejo"),
    ],
    "18": [
        A("smp", "Bantuan Pendidikan Siswa Miskin", "Bantuan pendidikan bagi siswa SMP dari keluarga miskin", "Angka partisipasi murni SMP", "%", 83.5, 92, 560),
        A("kesetaraan", "Penyelenggaraan Pendidikan Kesetaraan", "Penyelenggaraan pendidikan kesetaraan Paket A, B dan C", "Warga belajar usia sekolah pada program kesetaraan", "orang", 140, 320, 210),
        A("sd", "Penanganan Anak Tidak Sekolah", "Pendataan dan pengembalian anak tidak sekolah (ATS) ke sekolah", "Anak tidak sekolah yang kembali bersekolah", "anak", None, 120, 95, terkait=("Dinsos",)),
        A("smp", "Rehabilitasi Ruang Kelas", "Rehabilitasi ruang kelas SMP negeri", "Ruang kelas yang direhabilitasi", "ruang", None, 12, 720, DAK, lokasi="Ganjaragung"),
        A("linjamsos", "Verifikasi Penerima Bantuan Pendidikan", "Verifikasi penerima Program Indonesia Pintar dari keluarga DTKS", "Anak DTKS penerima PIP", "%", 70, 95, 45, terkait=("Disdikbud",)),
    ],
    "19": [
        A("sd", "Pembinaan Sekolah Ramah Anak", "Pembinaan Sekolah Ramah Anak jenjang SD", "SD yang menerapkan SRA", "sekolah", 25, 88, 170, terkait=("DP3AP2KB",)),
        A("smp", "Pembinaan Sekolah Ramah Anak", "Pembinaan Sekolah Ramah Anak jenjang SMP", "SMP yang menerapkan SRA", "sekolah", 8, 26, 120),
        A("sd", "Pencegahan Kekerasan di Satuan Pendidikan", "Pembentukan Tim Pencegahan dan Penanganan Kekerasan (TPPK) di sekolah", "Sekolah dengan TPPK aktif", "sekolah", 30, 120, 65),
        A("pka", "Peningkatan Kapasitas Pendidik", "Pelatihan disiplin positif bagi guru", "Guru terlatih disiplin positif", "orang", 90, 400, 60, terkait=("Disdikbud",)),
        A("kemenag", "Pembinaan Madrasah", "Pengembangan madrasah ramah anak", "Madrasah yang menerapkan SRA", "madrasah", 4, 20, 50, APBN),
    ],
    "20": [
        A("budaya", "Festival Seni Budaya", "Festival seni budaya anak Kota Metro", "Festival seni anak terselenggara", "kegiatan", None, 2, 180),
        A("olahraga", "Pembinaan Olahraga Pelajar", "Pembinaan olahraga anak usia sekolah dan O2SN", "Anak terbina di klub olahraga", "anak", 400, 900, 240),
        A("perpus", "Pembudayaan Gemar Membaca", "Gerakan literasi anak: lomba bercerita dan kelas menulis", "Anak peserta kegiatan literasi", "anak", None, 500, 55),
        A("wisata", "Penyediaan Sarana Rekreasi", "Penyediaan fasilitas bermain dan wahana edukasi di taman kota", "Wahana edukasi anak", "unit", 2, 8, 300, lokasi="Imopuro"),
        A("pemuda", "Pengembangan Kreativitas Pemuda", "Pembinaan sanggar kreatif anak dan remaja", "Sanggar kreatif aktif", "sanggar", 6, 15, 75),
    ],
    "21": [
        A("layanan", "Penyediaan Layanan Pengaduan dan Pendampingan", "Penguatan UPTD PPA Kota Metro: pengaduan, penjangkauan dan pendampingan", "Anak korban kekerasan yang terlayani sesuai standar", "%", 100, 100, 420),
        A("pka", "Sosialisasi Layanan Pengaduan", "Sosialisasi SAPA 129 dan mekanisme pelaporan di sekolah", "Sekolah yang tersosialisasi SAPA 129", "sekolah", None, 30, 45),
        A("pka", "Pengembangan PATBM", "Pembentukan Perlindungan Anak Terpadu Berbasis Masyarakat (PATBM) di kelurahan", "Kelurahan dengan PATBM aktif", "kelurahan", 7, 22, 90, lokasi="Hadimulyo Timur"),
        A("rsud", "Pelayanan Kesehatan Korban Kekerasan", "Layanan visum dan pemulihan medis bagi anak korban kekerasan", "Anak korban yang mendapat layanan medis", "%", 100, 100, 85),
        A("rehsos", "Rehabilitasi Sosial Anak", "Rehabilitasi sosial anak korban kekerasan", "Anak korban yang mendapat rehabilitasi sosial", "anak", None, 30, 110),
    ],
    "22": [
        A("naker", "Penanganan Pekerja Anak", "Pendataan dan penarikan pekerja anak dari bentuk pekerjaan terburuk", "Pekerja anak yang ditarik dan kembali bersekolah", "anak", None, 20, 80, terkait=("Disdikbud", "Dinsos")),
        A("naker", "Sosialisasi Norma Ketenagakerjaan", "Sosialisasi larangan mempekerjakan anak kepada perusahaan dan UMKM", "Perusahaan yang tersosialisasi", "perusahaan", None, 50, 35),
        A("satpol", "Penjangkauan Anak Jalanan", "Penjangkauan anak jalanan dan anak yang bekerja di persimpangan jalan", "Operasi penjangkauan anak jalanan", "kali", None, 24, 70, terkait=("Dinsos",)),
        A("rehsos", "Pemberdayaan Ekonomi Keluarga", "Bantuan usaha ekonomi produktif bagi keluarga pekerja anak", "Keluarga pekerja anak penerima bantuan usaha", "keluarga", None, 25, 120),
        A("pka", "Pencegahan Pekerja Anak", "Kampanye Hari Dunia Menentang Pekerja Anak", "Peserta kampanye", "orang", None, 400, 30),
    ],
    "23": [
        A("kesbangpol", "Pencegahan Penyalahgunaan NAPZA", "Penyuluhan bahaya NAPZA di sekolah bersama BNN", "Pelajar yang tersosialisasi bahaya NAPZA", "orang", None, 3000, 90, terkait=("Disdikbud",)),
        A("ukm", "Pencegahan dan Pengendalian Penyakit Menular", "Skrining HIV ibu hamil dan tata laksana anak dengan HIV", "Ibu hamil yang diskrining HIV", "%", 92, 100, 130),
        A("bpbd", "Satuan Pendidikan Aman Bencana", "Satuan Pendidikan Aman Bencana (SPAB) dan simulasi evakuasi", "Sekolah SPAB", "sekolah", 5, 30, 140, terkait=("Disdikbud",)),
        A("ikp", "Literasi Digital", "Literasi digital dan pencegahan pornografi daring bagi pelajar", "Pelajar peserta literasi digital", "orang", None, 1500, 60),
        A("layanan", "Layanan Anak dalam Situasi Darurat", "Layanan psikososial anak dalam situasi darurat dan bencana", "Anak yang mendapat dukungan psikososial", "anak", None, 50, 45, terkait=("BPBD",)),
    ],
    "24": [
        A("layanan", "Pendampingan Anak Berhadapan dengan Hukum", "Pendampingan anak berhadapan dengan hukum dalam proses diversi", "ABH yang didampingi", "%", 100, 100, 75, terkait=("Kejari", "Polres")),
        A("rehsos", "Rehabilitasi Sosial ABH", "Rehabilitasi sosial ABH di LPKS", "ABH yang mendapat rehabilitasi sosial", "anak", None, 15, 90),
        A("pka", "Koordinasi Sistem Peradilan Pidana Anak", "Forum koordinasi SPPA bersama Polres, Kejari, Bapas dan Pengadilan", "Rapat koordinasi SPPA", "kali", None, 4, 40, terkait=("Kejari", "Polres")),
        A("layanan", "Layanan Anak Penyandang Disabilitas", "Layanan perlindungan bagi anak penyandang disabilitas dan kelompok minoritas", "Anak disabilitas yang mendapat layanan perlindungan", "anak", 60, 150, 70, terkait=("Dinsos",)),
        A("layanan", "Bantuan Hukum Anak", "Bantuan hukum bagi anak korban dan ABH", "Anak yang mendapat bantuan hukum", "anak", None, 25, 60),
    ],
}
# fmt: on

NARASI = [
    "Kegiatan terlaksana sesuai jadwal; daftar hadir dan dokumentasi terlampir.",
    "Pelaksanaan bekerja sama dengan kelurahan dan kader; sasaran tercapai sesuai rencana triwulan.",
    "Kegiatan dilaksanakan bertahap; laporan kegiatan dan SPJ sudah disampaikan ke bagian keuangan.",
    "Capaian dihitung dari rekapitulasi data OPD per akhir triwulan.",
    "Koordinasi dengan OPD terkait berjalan; hasil kegiatan dibahas pada rapat Gugus Tugas.",
]
KENDALA = [
    "Pencairan anggaran terlambat karena perubahan DPA.",
    "Refocusing anggaran pada triwulan berjalan.",
    "Keterbatasan tenaga pelaksana di lapangan.",
    "Data sasaran belum mutakhir; masih menunggu pemutakhiran dari kelurahan.",
    "Jadwal bentrok dengan agenda nasional sehingga kegiatan diundur.",
    "Proses pengadaan barang dan jasa belum selesai.",
]
CATATAN_KEMBALI = [
    "Bukti dukung belum dilampirkan; unggah daftar hadir dan foto kegiatan.",
    "Nilai capaian tidak sesuai dengan laporan kegiatan; mohon diperiksa kembali.",
    "Realisasi anggaran berbeda dengan SP2D yang tercatat; sesuaikan dengan data SIPD.",
    "Narasi terlalu umum; jelaskan lokasi dan jumlah sasaran yang dijangkau.",
]
CATATAN_VERIFIKASI = ["", "", "", "Sesuai bukti dukung.", "Data sesuai laporan kegiatan."]

# Budgets stay in the range of a typical sub-kegiatan of a city OPD.
PAGU_MIN, PAGU_MAX = 25_000_000, 750_000_000
# Shares of the year's budget spent in each quarter (back-loaded, as usual in local budgets).
PORSI_BELANJA = [0.15, 0.25, 0.25, 0.35]
# Progress profile of an action in a year: (weight, lowest and highest share of the target reached).
PROFIL = [(60, 0.90, 1.12), (22, 0.72, 0.83), (18, 0.30, 0.62)]


def _rng(*parts) -> random.Random:
    """A generator seeded by the row it fills, so adding an action leaves the others unchanged."""
    return random.Random(":".join(str(p) for p in ("rad-demo", *parts)))  # noqa: S311 (reproducible demo data)


def _kode(indikator: Indikator, nomor: int) -> str:
    return f"RAD-{indikator.klaster.kode}-{indikator.kode.zfill(2)}-{nomor:03d}"


def _decimals(aksi: Aksi) -> int:
    values = [aksi.baseline or 0, aksi.akhir]
    return 1 if aksi.satuan in ("%", "per 1.000") or any(v != int(v) for v in values) else 0


def _dec(value: float, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A working-hours moment on `day` in Kota Metro's time zone."""
    return datetime.datetime.combine(day, datetime.time(rng.randint(8, 15), rng.choice((0, 15, 30, 45))), WIB)


def _draft_moment(periode: PeriodePelaporan) -> datetime.datetime:
    """When drafts that were never submitted were started: early in the reporting window."""
    day = min(periode.selesai + datetime.timedelta(days=12), HARI_DEMO - datetime.timedelta(days=6))
    return datetime.datetime.combine(day, datetime.time(10), WIB)


def _targets(aksi: Aksi, years: list[int], rng: random.Random) -> dict[int, dict]:
    places = _decimals(aksi)
    result = {}
    for step, tahun in enumerate(years, start=1):
        if aksi.baseline is None:
            # Yearly outputs: large counts ramp up from three quarters of the final figure.
            value = aksi.akhir if aksi.akhir <= 4 else aksi.akhir * (0.75 + 0.25 * step / len(years))
        else:
            value = aksi.baseline + (aksi.akhir - aksi.baseline) * step / len(years)
        pagu = aksi.pagu_juta * 1_000_000 * (1.06 ** (step - 1)) * rng.uniform(0.9, 1.1)
        pagu = min(max(pagu, PAGU_MIN), PAGU_MAX)
        result[tahun] = {"target": _dec(value, places), "pagu": round(pagu / 500_000) * 500_000}
    return result


@dataclass
class _Konteks:
    actor: dict[str, User]
    admin: User
    periode: list[PeriodePelaporan]


def _realisasi_rows(aksi: Aksi, rencana: dict, targets: dict[int, dict], ctx: _Konteks) -> dict[int, dict]:
    """Realisations of one action keyed by period id, following what the workflow services record."""
    opd_singkatan = PROGRAM[aksi.program][0]
    operator = ctx.actor.get(OPERATOR.get(opd_singkatan, ""), ctx.admin)
    verifikator = ctx.actor.get(KOORDINATOR.get(rencana["klaster_kode"], ""), ctx.admin)
    places = _decimals(aksi)
    rows = {}
    profiles = {}
    for periode in ctx.periode:
        target = targets.get(periode.tahun)
        if target is None or periode.mulai > HARI_DEMO:
            continue
        rng = _rng(rencana["kode"], periode.tahun, periode.nomor)
        if periode.tahun not in profiles:
            year_rng = _rng(rencana["kode"], periode.tahun)
            _weight, low, high = year_rng.choices(PROFIL, weights=[p[0] for p in PROFIL])[0]
            profiles[periode.tahun] = (
                year_rng.random() < 0.06,  # no report at all this year
                year_rng.uniform(low, high),
                year_rng.uniform(0.55, 0.98),
            )
        silent, ratio, serapan = profiles[periode.tahun]
        berjalan = periode.selesai >= HARI_DEMO
        terbuka = periode.terbuka
        if silent or (not berjalan and rng.random() < 0.05):
            continue
        if berjalan and rng.random() > 0.12:
            continue  # the current quarter: only a few operators have started a draft
        porsi = periode.porsi_tahun
        t = float(target["target"])
        if rencana["arah"] == Indikator.Arah.TURUN:
            nilai = t * (2 - ratio)
        elif aksi.baseline is None:
            nilai = t * ratio * porsi
        else:
            nilai = t * ratio
        if aksi.satuan == "%":
            nilai = min(nilai, 100.0)
        anggaran = int(target["pagu"] * serapan * PORSI_BELANJA[periode.nomor - 1] / 1000) * 1000
        row = {
            "nilai_capaian": _dec(max(nilai, 0.0), places),
            "realisasi_anggaran": anggaran,
            "anggaran_lebih_dikonfirmasi": False,
            "narasi": rng.choice(NARASI),
            "kendala": rng.choice(KENDALA) if ratio < 0.85 else "",
            "status": Realisasi.Status.DIVERIFIKASI,
            "catatan_verifikator": "",
            "dibuat_oleh_id": operator.pk,
            "diajukan_oleh_id": operator.pk,
            "diajukan_pada": None,
            "diperiksa_oleh_id": None,
            "diperiksa_pada": None,
        }
        if berjalan:
            row.update(status=Realisasi.Status.DRAFT, diajukan_oleh_id=None, narasi=rng.choice(["", *NARASI]))
        elif terbuka:
            row["status"] = rng.choices(
                [
                    Realisasi.Status.DIVERIFIKASI,
                    Realisasi.Status.DIAJUKAN,
                    Realisasi.Status.DIKEMBALIKAN,
                    Realisasi.Status.DRAFT,
                ],
                weights=[48, 30, 10, 12],
            )[0]
        late = rng.random() < (0.3 if terbuka else 0.07)
        if row["status"] != Realisasi.Status.DRAFT:
            limit = (HARI_DEMO - periode.batas_lapor).days - 2
            delay = rng.randint(2, min(30, limit)) if late else -rng.randint(0, 12)
            row["diajukan_pada"] = _moment(periode.batas_lapor + datetime.timedelta(days=delay), rng)
        elif not berjalan:
            row["diajukan_oleh_id"] = None
        if row["status"] in (Realisasi.Status.DIVERIFIKASI, Realisasi.Status.DIKEMBALIKAN):
            room = (HARI_DEMO - row["diajukan_pada"].date()).days - 1
            row["diperiksa_oleh_id"] = verifikator.pk
            row["diperiksa_pada"] = _moment(
                row["diajukan_pada"].date() + datetime.timedelta(days=rng.randint(1, max(1, min(10, room)))), rng
            )
            row["catatan_verifikator"] = (
                rng.choice(CATATAN_KEMBALI)
                if row["status"] == Realisasi.Status.DIKEMBALIKAN
                else rng.choice(CATATAN_VERIFIKASI)
            )
        row["dibuat_pada"] = (
            row["diajukan_pada"] - DRAF_SEBELUM_AJUKAN if row["diajukan_pada"] else _draft_moment(periode)
        )
        rows[periode.pk] = row
    return rows


def _sync(model: type[models.Model], existing: dict, wanted: dict, history_at: dict | None = None) -> list:
    """Make the rows keyed in `wanted` match it, writing (and recording in history) only what differs.

    Returns the created objects. Bulk writes keep seed_demo fast; history rows are written the
    same way simple-history's signals would, once per created or changed row.
    """
    created, changed, fields = [], [], set()
    relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
    for key, values in wanted.items():
        obj = existing.get(key)
        if obj is None:
            obj = model(**values)
            # Relations are known to exist; checking each would cost a query per row.
            obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
            created.append(obj)
            continue
        diff = [name for name, value in values.items() if getattr(obj, name) != value]
        if diff:
            for name in diff:
                setattr(obj, name, values[name])
            changed.append(obj)
            fields.update(diff)
    if created:
        model.objects.bulk_create(created, batch_size=1000)
    if changed:
        model.objects.bulk_update(changed, sorted(fields), batch_size=1000)
    history = getattr(model, "history", None)
    if history is not None:
        for obj in created:
            for name, value in wanted[_key_of(obj)].items():
                # auto_now_add overwrote the wanted timestamp on insert; it is fixed in the table below.
                setattr(obj, name, value)
            if history_at:
                obj._history_date, obj._history_user = history_at[_key_of(obj)]
        history.bulk_history_create(created, batch_size=1000)
        history.bulk_history_create(changed, batch_size=1000, update=True)
    return created


def _key_of(obj) -> tuple | str:
    if isinstance(obj, RencanaAksi):
        return obj.kode
    if isinstance(obj, TargetTahunan):
        return (obj.rencana_aksi_id, obj.tahun)
    return (obj.rencana_aksi_id, obj.periode_id)


def _dibuat_pada_fix(*, inserted_since: datetime.datetime, periode_list: list[PeriodePelaporan]) -> None:
    """Give rows inserted by this run the drafting time that auto_now_add replaced with the clock.

    Rows entered by users (created before this run) are never touched.
    """
    fresh = Realisasi.objects.filter(dibuat_pada__gte=inserted_since)
    fresh.filter(diajukan_pada__isnull=False).update(dibuat_pada=F("diajukan_pada") - DRAF_SEBELUM_AJUKAN)
    for periode in periode_list:
        fresh.filter(periode=periode, diajukan_pada__isnull=True).update(dibuat_pada=_draft_moment(periode))


def _periode_seed(years: list[int]) -> list[PeriodePelaporan]:
    """Quarterly periods up to the demo day: the current quarter and the one before it are open."""
    result = []
    for tahun in years:
        result.extend(periode_create(tahun=tahun, jenis=PeriodePelaporan.Jenis.TRIWULAN))
    current = next((i for i, p in enumerate(result) if p.mulai <= HARI_DEMO <= p.selesai), -2)
    for i, periode in enumerate(result):
        upsert(
            PeriodePelaporan,
            pk=periode.pk,
            defaults={"terbuka": i in (current - 1, current)},
        )
        periode.terbuka = i in (current - 1, current)
    return result


@transaction.atomic
def demo_rad_seed() -> dict:
    """Create or refresh the demo RAD (load-test copies: tests/bench/scale.py)."""
    started = timezone.now()
    profil = profil_daerah_get()
    admin = User.objects.filter(username=ADMIN).first()
    if profil is None or admin is None:
        raise ImproperlyConfigured("Data organisasi demo belum ada; jalankan demo_organisasi_seed terlebih dahulu.")
    rad_years = list(range(profil.tahun_rad_mulai, profil.tahun_rad_selesai + 1))
    periode_list = _periode_seed([y for y in rad_years if y <= HARI_DEMO.year])
    ctx = _Konteks(
        actor={u.username: u for u in User.objects.filter(username__in=[*OPERATOR.values(), *KOORDINATOR.values()])},
        admin=admin,
        periode=periode_list,
    )
    indikator = {i.kode: i for i in Indikator.objects.select_related("klaster").order_by("berlaku_mulai")}
    opd = {o.singkatan: o for o in OPD.objects.all()}
    kelurahan = {w.nama: w for w in Wilayah.objects.filter(jenis=Wilayah.Jenis.KELURAHAN)}

    rencana_rows, target_rows, realisasi_rows, terkait_rows = {}, {}, {}, {}
    for kode_indikator, aksi_list in AKSI.items():
        ind = indikator[kode_indikator]
        for nomor, aksi in enumerate(aksi_list, start=1):
            kode = _kode(ind, nomor)
            opd_singkatan, kode_program, program, kegiatan = PROGRAM[aksi.program]
            rencana_rows[kode] = {
                "kode": kode,
                "indikator_id": ind.pk,
                "program": program,
                "kode_program": kode_program,
                "kegiatan": kegiatan,
                "kode_kegiatan": "",
                "sub_kegiatan": aksi.sub_kegiatan,
                "kode_sub_kegiatan": "",
                "uraian": aksi.uraian,
                "indikator_keluaran": aksi.keluaran,
                "satuan": aksi.satuan,
                "baseline": None if aksi.baseline is None else _dec(aksi.baseline, _decimals(aksi)),
                "arah": ind.arah,
                "opd_id": opd[opd_singkatan].pk,
                "sumber_dana": aksi.sumber,
                "lokasi_id": kelurahan[aksi.lokasi].pk if aksi.lokasi else None,
                "aktif": True,
            }
            terkait_rows[kode] = {opd[s].pk for s in aksi.terkait}
            target_rows[kode] = _targets(aksi, rad_years, _rng(kode, "pagu"))
            realisasi_rows[kode] = _realisasi_rows(
                aksi, {"kode": kode, "arah": ind.arah, "klaster_kode": ind.klaster.kode}, target_rows[kode], ctx
            )

    existing = {r.kode: r for r in RencanaAksi.objects.filter(kode__in=rencana_rows)}
    _sync(RencanaAksi, existing, rencana_rows)
    rencana = {r.kode: r for r in RencanaAksi.objects.filter(kode__in=rencana_rows)}
    _terkait_sync({rencana[kode].pk: ids for kode, ids in terkait_rows.items()})
    _sync(
        TargetTahunan,
        {(t.rencana_aksi_id, t.tahun): t for t in TargetTahunan.objects.filter(rencana_aksi__in=rencana.values())},
        {
            (rencana[kode].pk, tahun): {"rencana_aksi_id": rencana[kode].pk, "tahun": tahun, **values}
            for kode, per_year in target_rows.items()
            for tahun, values in per_year.items()
        },
    )
    wanted = {
        (rencana[kode].pk, periode_id): {"rencana_aksi_id": rencana[kode].pk, "periode_id": periode_id, **values}
        for kode, per_periode in realisasi_rows.items()
        for periode_id, values in per_periode.items()
    }
    _sync(
        Realisasi,
        {(r.rencana_aksi_id, r.periode_id): r for r in Realisasi.objects.filter(rencana_aksi__in=rencana.values())},
        wanted,
        history_at={key: _last_step(values, ctx) for key, values in wanted.items()},
    )
    _dibuat_pada_fix(inserted_since=started, periode_list=periode_list)
    # The bulk writes above send no signals.
    progres_refresh(r.pk for r in rencana.values())
    return {
        "rencana_aksi": len(rencana),
        "target_tahunan": sum(len(v) for v in target_rows.values()),
        "realisasi": len(wanted),
        "periode": len(periode_list),
    }


def _last_step(values: dict, ctx: _Konteks) -> tuple[datetime.datetime, User]:
    users = {u.pk: u for u in [ctx.admin, *ctx.actor.values()]}
    if values["diperiksa_pada"]:
        return values["diperiksa_pada"], users[values["diperiksa_oleh_id"]]
    if values["diajukan_pada"]:
        return values["diajukan_pada"], users[values["diajukan_oleh_id"]]
    return values["dibuat_pada"], users[values["dibuat_oleh_id"]]


def _terkait_sync(wanted: dict[int, set[int]]) -> None:
    through = RencanaAksi.opd_terkait.through
    have: dict[int, set[int]] = {}
    for rencana_id, opd_id in through.objects.filter(rencanaaksi_id__in=wanted).values_list("rencanaaksi_id", "opd_id"):
        have.setdefault(rencana_id, set()).add(opd_id)
    extra = [(r, o) for r, ids in have.items() for o in ids - wanted.get(r, set())]
    for rencana_id, opd_id in extra:
        through.objects.filter(rencanaaksi_id=rencana_id, opd_id=opd_id).delete()
    through.objects.bulk_create(
        [through(rencanaaksi_id=r, opd_id=o) for r, ids in wanted.items() for o in sorted(ids - have.get(r, set()))]
    )
