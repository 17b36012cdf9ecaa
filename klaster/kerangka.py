"""The KLA framework as published: clusters, the 24 indicators, predikat and each version's legal basis.

Weights are an even default (1000/24, rounded so they sum to exactly 1000) and not an official
KemenPPPA figure: the real maxima per indicator are uneven and unpublished. Used by the data
migrations and by seed_demo; only missing rows are created, so edits made in the admin are kept.
"""

from decimal import Decimal

KLASTER = [
    ("K", "Kelembagaan", 0),
    ("I", "Klaster I – Hak Sipil dan Kebebasan", 1),
    ("II", "Klaster II – Lingkungan Keluarga dan Pengasuhan Alternatif", 2),
    ("III", "Klaster III – Kesehatan Dasar dan Kesejahteraan", 3),
    ("IV", "Klaster IV – Pendidikan, Pemanfaatan Waktu Luang dan Kegiatan Budaya", 4),
    ("V", "Klaster V – Perlindungan Khusus", 5),
]

INDIKATOR = [
    ("K", "1", "Peraturan daerah tentang KLA", "naik"),
    ("K", "2", "Penguatan kelembagaan KLA (Gugus Tugas, RAD KLA, profil anak, Kecamatan/Kelurahan Layak Anak)", "naik"),
    (
        "K",
        "3",
        "Keterlibatan lembaga masyarakat, dunia usaha dan media dalam pemenuhan hak dan perlindungan khusus anak",
        "naik",
    ),
    ("I", "4", "Kepemilikan Kutipan Akta Kelahiran", "naik"),
    ("I", "5", "Fasilitas informasi layak anak (ILA)", "naik"),
    ("I", "6", "Pelembagaan partisipasi anak (Forum Anak)", "naik"),
    ("II", "7", "Perkawinan anak", "turun"),
    ("II", "8", "Lembaga konsultasi pengasuhan bagi orang tua/keluarga (PUSPAGA)", "naik"),
    ("II", "9", "Lembaga pengasuhan alternatif terstandar (LKSA)", "naik"),
    ("II", "10", "Infrastruktur ramah anak di ruang publik", "naik"),
    ("III", "11", "Persalinan di fasilitas kesehatan", "naik"),
    ("III", "12", "Prevalensi status gizi balita", "turun"),
    ("III", "13", "Pemberian makan bayi dan anak (PMBA)", "naik"),
    ("III", "14", "Fasilitas kesehatan dengan pelayanan ramah anak (Puskesmas Ramah Anak)", "naik"),
    ("III", "15", "Air minum dan sanitasi", "naik"),
    ("III", "16", "Kawasan tanpa rokok dan larangan iklan, promosi dan sponsor rokok", "naik"),
    ("IV", "17", "Pengembangan anak usia dini holistik integratif (PAUD HI)", "naik"),
    ("IV", "18", "Wajib belajar 12 tahun", "naik"),
    ("IV", "19", "Satuan pendidikan ramah anak (SRA)", "naik"),
    ("IV", "20", "Fasilitas kegiatan budaya, kreatif dan rekreatif yang ramah anak", "naik"),
    ("V", "21", "Anak korban kekerasan dan penelantaran yang terlayani", "naik"),
    ("V", "22", "Anak yang dibebaskan dari pekerja anak", "naik"),
    ("V", "23", "Anak korban pornografi, NAPZA, HIV/AIDS, bencana dan konflik yang terlayani", "naik"),
    (
        "V",
        "24",
        "Anak berhadapan dengan hukum (ABH) yang mendapat diversi/keadilan restoratif "
        "dan kelompok perlindungan khusus lainnya",
        "naik",
    ),
]

PREDIKAT = [("Pratama", 1, 500), ("Madya", 2, 601), ("Nindya", 3, 701), ("Utama", 4, 801), ("KLA", 5, 901)]

# The same 24-indicator set was already evaluated in 2018 (Permen PPPA 12/2011 had 31).
BERLAKU_MULAI = 2018
NAMA_INDIKATOR_4_LAMA = "Kepemilikan kutipan akta kelahiran dan Kartu Identitas Anak (KIA)"

# (berlaku mulai, berlaku sampai, nama, dasar hukum instrumen, catatan)
VERSI = [
    (
        2018,
        2022,
        "24 indikator KLA",
        "",
        "Himpunan 24 indikator ini sudah dipakai pada evaluasi 2018–2019 (Permen PPPA 12/2011 memuat 31 "
        "indikator). Dasar hukum instrumen tahun-tahun ini belum dicatat; lengkapi dari dokumen resmi.",
    ),
    (
        2023,
        None,
        "Instrumen Evaluasi KLA Kabupaten/Kota",
        "Kepmen PPPA 21/2023 (Instrumen Evaluasi KLA Kabupaten/Kota) berdasarkan Permen PPPA 12/2022 "
        "(Penyelenggaraan KLA)",
        "Kebijakannya: Perpres 25/2021 tentang Kebijakan Kabupaten/Kota Layak Anak. "
        "Poin maksimum per indikator tidak sama besar dan tidak dipublikasikan.",
    ),
]
BOBOT_BESAR, BOBOT_KECIL, JUMLAH_BESAR = Decimal("41.67"), Decimal("41.66"), 16  # 16×41.67 + 8×41.66 = 1000


def kerangka_ensure(*, klaster_model, indikator_model, predikat_model) -> int:
    """Create whatever part of the framework is missing; returns the number of rows created."""
    created = 0
    klaster = {}
    for kode, nama, urutan in KLASTER:
        klaster[kode], new = klaster_model.objects.get_or_create(kode=kode, defaults={"nama": nama, "urutan": urutan})
        created += new
    for urutan, (kode_klaster, kode, nama, arah) in enumerate(INDIKATOR, start=1):
        _, new = indikator_model.objects.get_or_create(
            kode=kode,
            berlaku_mulai=BERLAKU_MULAI,
            defaults={
                "nama": nama,
                "klaster": klaster[kode_klaster],
                "urutan": urutan,
                "arah": arah,
                "bobot": BOBOT_BESAR if urutan <= JUMLAH_BESAR else BOBOT_KECIL,
            },
        )
        created += new
    for nama, urutan, skor_minimum in PREDIKAT:
        _, new = predikat_model.objects.get_or_create(
            nama=nama, defaults={"urutan": urutan, "skor_minimum": skor_minimum}
        )
        created += new
    return created


def versi_kerangka_ensure(*, versi_model) -> int:
    """Create the framework versions that are missing (by starting year); returns how many were created."""
    created = 0
    for mulai, sampai, nama, dasar_hukum, catatan in VERSI:
        _, new = versi_model.objects.get_or_create(
            berlaku_mulai=mulai,
            defaults={"berlaku_sampai": sampai, "nama": nama, "dasar_hukum": dasar_hukum, "catatan": catatan},
        )
        created += new
    return created
