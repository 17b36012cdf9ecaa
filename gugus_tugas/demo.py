"""Demo data for the organisation of Kota Metro: region, wilayah, OPDs, Gugus Tugas, users, meetings."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.seeding import upsert
from klaster.models import Indikator, Klaster, Predikat
from klaster.services import kerangka_seed

from .models import (
    OPD,
    AddendumNotulen,
    AgendaRapat,
    AnggotaGugusTugas,
    Kehadiran,
    Keputusan,
    NamaLainOPD,
    Peran,
    ProfilDaerah,
    Rapat,
    SKGugusTugas,
    TindakLanjut,
    Undangan,
    User,
    Wilayah,
)
from .services import (
    pengguna_create,
    pengguna_password_set,
    pengguna_pengecualian_2fa_set,
    pengguna_peran_set,
    roles_setup,
)

WILAYAH = {
    "Metro Pusat": ["Metro", "Hadimulyo Barat", "Hadimulyo Timur", "Yosomulyo", "Imopuro"],
    "Metro Barat": ["Mulyojati", "Mulyosari", "Ganjaragung", "Ganjarasri"],
    "Metro Timur": ["Tejosari", "Tejoagung", "Yosorejo", "Iringmulyo", "Yosodadi"],
    "Metro Utara": ["Purwoasri", "Banjarsari", "Purwosari", "Karangrejo"],
    "Metro Selatan": ["Sumbersari", "Rejomulyo", "Margodadi", "Margorejo"],
}

OPD_LIST = [
    ("Badan Perencanaan Pembangunan Daerah", "Bappeda", OPD.Jenis.BADAN),
    (
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana",
        "DP3AP2KB",
        OPD.Jenis.DINAS,
    ),
    ("Dinas Pendidikan dan Kebudayaan", "Disdikbud", OPD.Jenis.DINAS),
    ("Dinas Kesehatan", "Dinkes", OPD.Jenis.DINAS),
    ("Dinas Sosial", "Dinsos", OPD.Jenis.DINAS),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", OPD.Jenis.DINAS),
    ("Dinas Komunikasi dan Informatika", "Diskominfo", OPD.Jenis.DINAS),
    ("Dinas Perpustakaan dan Kearsipan", "Dispusip", OPD.Jenis.DINAS),
    ("Dinas Pemuda, Olahraga dan Pariwisata", "Disporapar", OPD.Jenis.DINAS),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR", OPD.Jenis.DINAS),
    ("Dinas Perumahan dan Kawasan Permukiman", "Disperkim", OPD.Jenis.DINAS),
    ("Dinas Lingkungan Hidup", "DLH", OPD.Jenis.DINAS),
    ("Dinas Perhubungan", "Dishub", OPD.Jenis.DINAS),
    ("Dinas Tenaga Kerja", "Disnaker", OPD.Jenis.DINAS),
    ("Satuan Polisi Pamong Praja", "Satpol PP", OPD.Jenis.PERANGKAT_LAIN),
    ("Badan Kesatuan Bangsa dan Politik", "Kesbangpol", OPD.Jenis.BADAN),
    ("Badan Penanggulangan Bencana Daerah", "BPBD", OPD.Jenis.BADAN),
    ("RSUD Jenderal Ahmad Yani", "RSUD A. Yani", OPD.Jenis.PERANGKAT_LAIN),
    ("Sekretariat Daerah", "Setda", OPD.Jenis.PERANGKAT_LAIN),
    *[(f"Kecamatan {nama}", f"Kec. {nama}", OPD.Jenis.KECAMATAN) for nama in WILAYAH],
    ("Kejaksaan Negeri Metro", "Kejari", OPD.Jenis.INSTANSI_VERTIKAL),
    ("Kepolisian Resor Kota Metro", "Polres", OPD.Jenis.INSTANSI_VERTIKAL),
    ("Kantor Kementerian Agama Kota Metro", "Kemenag", OPD.Jenis.INSTANSI_VERTIKAL),
    ("Pengadilan Agama Metro", "PA Metro", OPD.Jenis.INSTANSI_VERTIKAL),
    ("Forum Anak Kota Metro", "Forum Anak", OPD.Jenis.NON_PEMERINTAH),
    ("Tim Penggerak PKK Kota Metro", "TP PKK", OPD.Jenis.NON_PEMERINTAH),
    ("Lembaga Perlindungan Anak Kota Metro", "LPA", OPD.Jenis.NON_PEMERINTAH),
    ("Asosiasi Pengusaha Indonesia (APINDO) Kota Metro", "APINDO", OPD.Jenis.NON_PEMERINTAH),
    ("Universitas Muhammadiyah Metro", "UM Metro", OPD.Jenis.NON_PEMERINTAH),
]

# Other spellings met in real documents, matched on import like the OPD's own name.
NAMA_LAIN = {
    "DP3AP2KB": ["Dinas PPPAPPKB", "DPPPAPPKB", "DP3APPKB", "P3AP2KB"],
    "Diskominfo": ["Dinas Kominfo"],
    "DPUPR": ["Dinas PUPR"],
    "Disperkim": ["Dinas Perumahan dan Permukiman"],
    "RSUD A. Yani": ["RSUD Jend. A. Yani"],
}

# Coordinating OPD of each cluster (editable in the SK).
KOORDINATOR_KLASTER = {
    "K": "DP3AP2KB",
    "I": "Disdukcapil",
    "II": "Dinsos",
    "III": "Dinkes",
    "IV": "Disdikbud",
    "V": "DP3AP2KB",
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    peran: str
    nama_lengkap: str
    jabatan: str
    opd: str
    klaster: str = ""


DEMO_USERS = [
    DemoUser("admin.dp3ap2kb", Peran.ADMIN_SEKRETARIAT, "Sri Wahyuni", "Analis Perlindungan Anak", "DP3AP2KB"),
    DemoUser("pimpinan.bappeda", Peran.PIMPINAN, "Ir. Hendra Saputra", "Kepala Bappeda, Ketua Gugus Tugas", "Bappeda"),
    DemoUser(
        "koordinator.klaster3", Peran.KOORDINATOR_KLASTER, "dr. Ratna Dewi", "Kepala Bidang Kesmas", "Dinkes", "III"
    ),
    DemoUser("opd.dinkes", Peran.OPERATOR_OPD, "Andi Pratama", "Pengelola Program", "Dinkes"),
    DemoUser("opd.disdikbud", Peran.OPERATOR_OPD, "Nur Aini", "Analis Kebijakan", "Disdikbud"),
    DemoUser("petugas.uptdppa", Peran.PETUGAS_KASUS, "Maya Lestari", "Konselor UPTD PPA", "DP3AP2KB"),
]


@transaction.atomic
def demo_organisasi_seed(*, password: str | None, new_password: str) -> list[tuple[DemoUser, bool]]:
    """Create or refresh the organisation's demo data; returns each demo user and whether it is new.

    Existing users keep their password unless `password` is given; new ones get `password`
    or, without it, `new_password`.
    """
    roles_setup()
    kerangka_seed()
    predikat = {p.nama: p for p in Predikat.objects.all()}
    upsert(
        ProfilDaerah,
        kode="18.72",
        defaults={
            "nama_daerah": "Metro",
            "jenis": ProfilDaerah.Jenis.KOTA,
            "provinsi": "Lampung",
            "predikat_saat_ini": predikat.get("Nindya"),
            "tahun_predikat": 2025,
            "predikat_target": predikat.get("Utama"),
            "tahun_rad_mulai": 2024,
            "tahun_rad_selesai": 2030,
        },
    )
    for kecamatan, kelurahan_list in WILAYAH.items():
        induk, _ = Wilayah.objects.get_or_create(nama=kecamatan, jenis=Wilayah.Jenis.KECAMATAN, induk=None)
        for kelurahan in kelurahan_list:
            Wilayah.objects.get_or_create(nama=kelurahan, jenis=Wilayah.Jenis.KELURAHAN, induk=induk)
    opd = {}
    for nama, singkatan, jenis in OPD_LIST:
        opd[singkatan], _ = upsert(OPD, singkatan=singkatan, defaults={"nama": nama, "jenis": jenis})
    for singkatan, nama_list in NAMA_LAIN.items():
        for nama in nama_list:
            # A spelling already recorded (for whichever OPD) is the secretariat's to keep.
            if not NamaLainOPD.objects.filter(nama__iexact=nama).exists():
                NamaLainOPD.objects.create(opd=opd[singkatan], nama=nama)
    klaster = {k.kode: k for k in Klaster.objects.all()}
    _sk_seed(opd=opd, klaster=klaster)
    return [
        _demo_user_seed(u, opd=opd, klaster=klaster, password=password, new_password=new_password) for u in DEMO_USERS
    ]


def _sk_seed(*, opd: dict, klaster: dict) -> None:
    sk_lama, _ = upsert(
        SKGugusTugas,
        nomor="522/KPTS/D-08/2024",
        defaults={
            "tanggal": datetime.date(2024, 1, 15),
            "tentang": "Pembentukan Gugus Tugas Kota Layak Anak Kota Metro Tahun 2024",
            "berlaku_mulai": datetime.date(2024, 1, 15),
            "berlaku_sampai": datetime.date(2025, 1, 31),
        },
    )
    sk_baru, _ = upsert(
        SKGugusTugas,
        nomor="400.2.5.1.136/2025",
        defaults={
            "tanggal": datetime.date(2025, 2, 3),
            "tentang": "Pembentukan Gugus Tugas Kota Layak Anak Kota Metro",
            "berlaku_mulai": datetime.date(2025, 2, 3),
            "berlaku_sampai": None,
        },
    )
    susunan = [
        ("Kepala Bappeda", "Bappeda", AnggotaGugusTugas.Kedudukan.KETUA, ""),
        ("Sekretaris Daerah", "Setda", AnggotaGugusTugas.Kedudukan.WAKIL, ""),
        ("Kepala DP3AP2KB", "DP3AP2KB", AnggotaGugusTugas.Kedudukan.SEKRETARIS, ""),
        *[
            (f"Kepala {singkatan}", singkatan, AnggotaGugusTugas.Kedudukan.KOORDINATOR, kode)
            for kode, singkatan in KOORDINATOR_KLASTER.items()
        ],
        *[
            (f"Pimpinan {singkatan}", singkatan, AnggotaGugusTugas.Kedudukan.ANGGOTA, "")
            for singkatan in ["Kejari", "Polres", "Kemenag", "PA Metro", "Forum Anak", "TP PKK", "LPA", "APINDO"]
        ],
    ]
    for sk in (sk_lama, sk_baru):
        for urutan, (jabatan, singkatan, kedudukan, kode_klaster) in enumerate(susunan, start=1):
            upsert(
                AnggotaGugusTugas,
                sk=sk,
                opd=opd[singkatan],
                kedudukan=kedudukan,
                klaster=klaster.get(kode_klaster),
                defaults={"jabatan": jabatan, "urutan": urutan},
            )


def _demo_user_seed(demo: DemoUser, *, opd: dict, klaster: dict, password: str | None, new_password: str):
    user = User.objects.filter(username=demo.username).first()
    created = user is None
    if created:
        user = pengguna_create(
            username=demo.username,
            peran=demo.peran,
            nama_lengkap=demo.nama_lengkap,
            jabatan=demo.jabatan,
            email=f"{demo.username}@example.org",
            opd=opd[demo.opd],
            klaster=klaster.get(demo.klaster),
            password=password or new_password,
            by=None,
        )
    else:
        pengguna_peran_set(user=user, peran=demo.peran, opd=opd[demo.opd], klaster=klaster.get(demo.klaster), by=None)
        if password and not user.check_password(password):
            pengguna_password_set(user=user, password=password, by=None)
    # Outside scripts log the demo accounts in with username and password alone (CONTRACT.md).
    pengguna_pengecualian_2fa_set(user=user)
    return demo, created


@dataclass(frozen=True)
class DemoTindakLanjut:
    uraian: str
    opd: str
    batas_waktu: datetime.date
    status: str
    catatan: str = ""
    klaster: str = ""
    indikator: str = ""


@dataclass(frozen=True)
class DemoRapat:
    judul: str
    jenis: str
    mulai: datetime.datetime
    selesai: datetime.datetime
    tempat: str
    penyelenggara: str
    status: str
    agenda: list[str]
    # OPD singkatan -> (kehadiran status or "", name of who came)
    undangan: dict[str, tuple[str, str]]
    pimpinan_rapat: str = ""
    klaster: str = ""
    notulen: str = ""
    keputusan: list[tuple[str, str]] = ()
    tindak_lanjut: list[DemoTindakLanjut] = ()
    addendum: str = ""


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


H = Kehadiran.Status.HADIR
W = Kehadiran.Status.DIWAKILI
T = Kehadiran.Status.TIDAK_HADIR
BELUM, PROSES, SELESAI = TindakLanjut.Status.BELUM, TindakLanjut.Status.PROSES, TindakLanjut.Status.SELESAI


def demo_rapat_list(today: datetime.date) -> list[DemoRapat]:
    """The three meetings known from public reports, plus routine cluster meetings around today.

    The routine ones are placed relative to today so the demo always has something due this
    week and something overdue; re-seeding on a later day moves them along.
    """
    d = datetime.date
    day = datetime.timedelta(days=1)
    return [
        DemoRapat(
            judul="Rakor Gugus Tugas KLA: Penyusunan RAD KLA 2024–2030",
            jenis=Rapat.Jenis.RAKOR,
            mulai=_at(d(2023, 11, 14), 9),
            selesai=_at(d(2023, 11, 14), 12),
            tempat="Ruang OR Sekretariat Daerah Kota Metro",
            penyelenggara="DP3AP2KB",
            pimpinan_rapat="Sekretaris Daerah Kota Metro",
            status=Rapat.Status.SELESAI,
            agenda=[
                "Pembukaan dan arahan Sekretaris Daerah",
                "Paparan hasil evaluasi KLA dan catatan tim verifikasi",
                "Penyusunan matriks RAD KLA 2024–2030 per klaster",
                "Pembagian tugas OPD dan jadwal penyampaian matriks",
            ],
            undangan={
                "Setda": (H, "Sekretaris Daerah"),
                "Bappeda": (H, "Kepala Bappeda"),
                "DP3AP2KB": (H, "Kepala DP3AP2KB"),
                "Disdikbud": (W, "Sekretaris Dinas"),
                "Dinkes": (H, "Kepala Bidang Kesmas"),
                "Dinsos": (H, "Kepala Dinas Sosial"),
                "Disdukcapil": (W, "Kepala Bidang Pelayanan"),
                "Diskominfo": (T, ""),
                "Forum Anak": (H, "Ketua Forum Anak"),
                "TP PKK": (H, "Ketua TP PKK"),
            },
            notulen=(
                "Sekda membuka rapat dan menegaskan bahwa RAD KLA 2024–2030 menjadi acuan seluruh OPD.\n"
                "DP3AP2KB memaparkan catatan evaluasi: data dukung klaster III dan V belum lengkap.\n"
                "Peserta menyepakati format matriks RAD (indikator, aksi, target tahunan, pagu, OPD)."
            ),
            keputusan=[
                ("keputusan", "RAD KLA Kota Metro disusun untuk periode 2024–2030 dengan format matriks bersama."),
                ("keputusan", "Setiap OPD menyampaikan draf matriks aksinya kepada Sekretariat Gugus Tugas."),
                ("rekomendasi", "Forum Anak dilibatkan dalam konsultasi publik draf RAD KLA."),
            ],
            tindak_lanjut=[
                DemoTindakLanjut(
                    "Sampaikan draf matriks aksi RAD KLA klaster III",
                    "Dinkes",
                    d(2023, 12, 15),
                    SELESAI,
                    "Draf matriks disampaikan 12 Desember 2023.",
                    "III",
                ),
                DemoTindakLanjut(
                    "Sampaikan draf matriks aksi RAD KLA klaster IV",
                    "Disdikbud",
                    d(2023, 12, 15),
                    SELESAI,
                    "Draf matriks disampaikan.",
                    "IV",
                ),
                DemoTindakLanjut(
                    "Himpun draf matriks seluruh OPD menjadi dokumen RAD KLA 2024–2030",
                    "DP3AP2KB",
                    d(2024, 1, 31),
                    SELESAI,
                    "Dokumen RAD KLA ditetapkan.",
                    "K",
                    "2",
                ),
            ],
        ),
        DemoRapat(
            judul="Rakor Gugus Tugas KLA: Peran Dunia Usaha dan Pemangku Kepentingan Menuju Predikat Utama",
            jenis=Rapat.Jenis.RAKOR,
            mulai=_at(d(2025, 11, 6), 9),
            selesai=_at(d(2025, 11, 6), 12, 30),
            tempat="Ruang OR Sekretariat Daerah Kota Metro",
            penyelenggara="DP3AP2KB",
            pimpinan_rapat="Kepala Bappeda, Ketua Gugus Tugas",
            status=Rapat.Status.SELESAI,
            agenda=[
                "Arahan Ketua Gugus Tugas KLA",
                "Capaian evaluasi KLA 2025 (Nindya) dan kesenjangan menuju Utama",
                "Peran dunia usaha, media dan pemangku kepentingan",
                "Penguatan lima klaster dan partisipasi Forum Anak",
            ],
            undangan={
                "Bappeda": (H, "Kepala Bappeda"),
                "DP3AP2KB": (H, "Kepala DP3AP2KB"),
                "Disdikbud": (H, "Kepala Dinas"),
                "Dinkes": (H, "dr. Ratna Dewi"),
                "Dinsos": (W, "Sekretaris Dinas"),
                "Disdukcapil": (H, "Kepala Dinas"),
                "Diskominfo": (H, "Kepala Bidang IKP"),
                "APINDO": (H, "Ketua APINDO Kota Metro"),
                "Forum Anak": (H, "Ketua Forum Anak"),
                "LPA": (T, ""),
            },
            notulen=(
                "Ketua Gugus Tugas menyampaikan bahwa Kota Metro kembali meraih Nindya dan menargetkan Utama.\n"
                "Kesenjangan terbesar ada pada keterlibatan dunia usaha dan kelengkapan data dukung.\n"
                "APINDO menyatakan kesediaan menggalang komitmen CSR untuk fasilitas ramah anak."
            ),
            keputusan=[
                ("keputusan", "Kelima klaster diperkuat dengan rencana kerja dan penanggung jawab data dukung."),
                ("keputusan", "Forum Anak dilibatkan dalam setiap tahap perencanaan pembangunan."),
                ("rekomendasi", "Dunia usaha dan media dilibatkan melalui forum CSR KLA."),
            ],
            tindak_lanjut=[
                DemoTindakLanjut(
                    "Bentuk forum CSR KLA bersama APINDO dan himpun komitmen perusahaan",
                    "DP3AP2KB",
                    d(2025, 12, 31),
                    SELESAI,
                    "Forum CSR dibentuk; 12 perusahaan menandatangani komitmen.",
                    "K",
                    "3",
                ),
                DemoTindakLanjut(
                    "Libatkan Forum Anak dalam Musrenbang tingkat kecamatan dan kota 2026",
                    "Bappeda",
                    d(2026, 3, 31),
                    PROSES,
                    "Forum Anak hadir di Musrenbang kecamatan; tingkat kota belum.",
                    "I",
                    "6",
                ),
                DemoTindakLanjut(
                    "Lengkapi data dukung Puskesmas Ramah Anak untuk evaluasi 2026",
                    "Dinkes",
                    d(2026, 4, 30),
                    BELUM,
                    "",
                    "III",
                    "14",
                ),
                DemoTindakLanjut(
                    "Publikasikan capaian KLA dan kanal pengaduan anak di media pemerintah kota",
                    "Diskominfo",
                    d(2026, 2, 28),
                    SELESAI,
                    "Rilis dan infografis terbit di laman resmi dan media sosial.",
                    "I",
                    "5",
                ),
            ],
        ),
        DemoRapat(
            judul="FGD Sinergitas Kejaksaan Negeri Metro dengan Pemerintah Kota Metro dalam Perlindungan Anak",
            jenis=Rapat.Jenis.FGD,
            mulai=_at(d(2025, 12, 11), 9),
            selesai=_at(d(2025, 12, 11), 13),
            tempat="Sessat Agung Bumi Sai Wawai",
            penyelenggara="Kejari",
            pimpinan_rapat="Kepala Kejaksaan Negeri Metro",
            status=Rapat.Status.SELESAI,
            agenda=[
                "Sambutan Kepala Kejaksaan Negeri Metro dan Wali Kota",
                "Mekanisme pelaporan kasus anak",
                "Tata kelola layanan perlindungan anak",
                "Edukasi publik dan pencegahan TPPO",
            ],
            undangan={
                "Kejari": (H, "Kepala Kejaksaan Negeri"),
                "Polres": (H, "Kasat Reskrim"),
                "DP3AP2KB": (H, "Kepala DP3AP2KB"),
                "Disdukcapil": (H, "Kepala Dinas"),
                "Dinsos": (H, "Kepala Dinas Sosial"),
                "Kemenag": (W, "Kepala Seksi Bimas Islam"),
                "Diskominfo": (H, "Kepala Bidang IKP"),
                "LPA": (H, "Ketua LPA"),
            },
            notulen=(
                "Kejari memaparkan pola perkara anak dan pentingnya identitas anak tercatat sejak lahir.\n"
                "Peserta membahas alur pelaporan kasus anak lintas lembaga dan kerahasiaan identitas korban."
            ),
            keputusan=[
                ("rekomendasi", "Disusun mekanisme pelaporan kasus anak terpadu antara UPTD PPA, Polres dan Kejari."),
                ("rekomendasi", "Tata kelola layanan perlindungan anak diperkuat dengan SOP rujukan."),
                ("rekomendasi", "Edukasi publik tentang perlindungan anak diperluas ke sekolah dan kelurahan."),
                ("rekomendasi", "Kepemilikan KIA dan akta kelahiran didorong untuk mencegah TPPO."),
            ],
            tindak_lanjut=[
                DemoTindakLanjut(
                    "Susun alur pelaporan kasus anak terpadu bersama Polres dan Kejari",
                    "DP3AP2KB",
                    d(2026, 2, 28),
                    SELESAI,
                    "Alur disepakati dan ditandatangani tiga lembaga.",
                    "V",
                    "21",
                ),
                DemoTindakLanjut(
                    "Percepat kepemilikan KIA dan akta kelahiran melalui layanan jemput bola di sekolah",
                    "Disdukcapil",
                    d(2026, 6, 30),
                    PROSES,
                    "Layanan jemput bola berjalan di 14 sekolah dasar.",
                    "I",
                    "4",
                ),
                DemoTindakLanjut(
                    "Kampanye edukasi publik perlindungan anak dan pencegahan TPPO",
                    "Diskominfo",
                    d(2026, 3, 31),
                    BELUM,
                    "",
                    "V",
                ),
            ],
            addendum="Koreksi: nama peserta dari Kemenag adalah Kepala Seksi Bimas Islam, bukan Kepala Kantor.",
        ),
        DemoRapat(
            judul="Rapat Klaster III: Kesiapan Data Dukung Kesehatan Anak",
            jenis=Rapat.Jenis.KLASTER,
            mulai=_at(today - 12 * day, 9),
            selesai=_at(today - 12 * day, 11),
            tempat="Aula Dinas Kesehatan Kota Metro",
            penyelenggara="Dinkes",
            pimpinan_rapat="Kepala Bidang Kesmas",
            klaster="III",
            status=Rapat.Status.TERJADWAL,
            agenda=["Capaian indikator 11–16", "Kekurangan data dukung", "Pembagian tugas"],
            undangan={
                "Dinkes": (H, "dr. Ratna Dewi"),
                "RSUD A. Yani": (H, "Kepala Bidang Pelayanan"),
                "DLH": (W, "Staf Bidang Pengendalian"),
                "DP3AP2KB": (H, "Analis Perlindungan Anak"),
            },
            notulen="Data persalinan di faskes dan gizi balita sudah tersedia; data KTR dan sanitasi belum lengkap.",
            keputusan=[("keputusan", "Data dukung klaster III dikumpulkan sebelum rapat persiapan verifikasi.")],
            tindak_lanjut=[
                DemoTindakLanjut(
                    "Unggah data prevalensi gizi balita per kelurahan",
                    "Dinkes",
                    today + 5 * day,
                    BELUM,
                    "",
                    "III",
                    "12",
                ),
                DemoTindakLanjut(
                    "Kumpulkan SK Kawasan Tanpa Rokok di sekolah dan puskesmas",
                    "Dinkes",
                    today - 2 * day,
                    PROSES,
                    "SK dari 6 puskesmas terkumpul.",
                    "III",
                    "16",
                ),
                DemoTindakLanjut(
                    "Rekap akses air minum dan sanitasi layak rumah tangga",
                    "DLH",
                    today + 3 * day,
                    BELUM,
                    "",
                    "III",
                    "15",
                ),
            ],
        ),
        DemoRapat(
            judul="Rapat Klaster IV: Satuan Pendidikan Ramah Anak",
            jenis=Rapat.Jenis.KLASTER,
            mulai=_at(today - 20 * day, 13),
            selesai=_at(today - 20 * day, 15),
            tempat="Ruang Rapat Dinas Pendidikan dan Kebudayaan",
            penyelenggara="Disdikbud",
            klaster="IV",
            status=Rapat.Status.SELESAI,
            agenda=["Capaian SRA", "Rencana deklarasi SRA baru"],
            undangan={"Disdikbud": (H, "Nur Aini"), "Kemenag": (H, "Staf Pendidikan Madrasah"), "DP3AP2KB": (T, "")},
            notulen="Terdapat 38 SRA; ditargetkan 10 sekolah baru mendeklarasikan SRA tahun ini.",
            keputusan=[("keputusan", "Deklarasi SRA baru dilakukan serentak bersama Kemenag.")],
            tindak_lanjut=[
                DemoTindakLanjut(
                    "Usulkan 10 sekolah calon SRA beserta kesiapannya",
                    "Disdikbud",
                    today + 4 * day,
                    PROSES,
                    "7 sekolah sudah mengisi instrumen.",
                    "IV",
                    "19",
                ),
                DemoTindakLanjut(
                    "Data PAUD holistik integratif per kecamatan",
                    "Disdikbud",
                    today - 6 * day,
                    SELESAI,
                    "Data diunggah ke sekretariat.",
                    "IV",
                    "17",
                ),
            ],
        ),
        DemoRapat(
            judul="Rapat Persiapan Verifikasi Lapangan KLA",
            jenis=Rapat.Jenis.PERSIAPAN_VERIFIKASI,
            mulai=_at(today + 9 * day, 9),
            selesai=_at(today + 9 * day, 12),
            tempat="Ruang OR Sekretariat Daerah Kota Metro",
            penyelenggara="DP3AP2KB",
            status=Rapat.Status.TERJADWAL,
            agenda=["Simulasi paparan verifikasi", "Pemeriksaan kelengkapan data dukung per indikator"],
            undangan={opd: ("", "") for opd in ["Bappeda", "DP3AP2KB", "Disdikbud", "Dinkes", "Dinsos", "Forum Anak"]},
        ),
        DemoRapat(
            judul="Sosialisasi Kelurahan Layak Anak bagi Lurah se-Kota Metro",
            jenis=Rapat.Jenis.SOSIALISASI,
            mulai=_at(today + 21 * day, 9),
            selesai=_at(today + 21 * day, 12),
            tempat="Aula Kecamatan Metro Pusat",
            penyelenggara="DP3AP2KB",
            status=Rapat.Status.DRAFT,
            agenda=["Konsep DEKELA", "Instrumen penilaian kelurahan"],
            undangan={opd: ("", "") for opd in ["DP3AP2KB", "Kec. Metro Pusat", "Kec. Metro Barat"]},
        ),
    ]


@transaction.atomic
def demo_rapat_seed(*, today: datetime.date | None = None) -> list[Rapat]:
    """Create or refresh the demo meetings with agenda, attendance, decisions and follow-ups."""
    today = today or timezone.localdate()
    opd = {o.singkatan: o for o in OPD.objects.all()}
    klaster = {k.kode: k for k in Klaster.objects.all()}
    indikator = {i.kode: i for i in Indikator.objects.filter(berlaku_sampai__isnull=True)}
    admin = User.objects.get(username="admin.dp3ap2kb")
    result = []
    for demo in demo_rapat_list(today):
        ditutup = demo.status == Rapat.Status.SELESAI
        rapat, _ = upsert(
            Rapat,
            judul=demo.judul,
            defaults={
                "jenis": demo.jenis,
                "mulai": demo.mulai,
                "selesai": demo.selesai,
                "tempat": demo.tempat,
                "penyelenggara": opd[demo.penyelenggara],
                "pimpinan_rapat": demo.pimpinan_rapat,
                "klaster": klaster.get(demo.klaster),
                "notulen": demo.notulen,
                "status": demo.status,
                "dibuat_oleh": admin,
                "ditutup_oleh": admin if ditutup else None,
                "ditutup_pada": demo.selesai + datetime.timedelta(days=2) if ditutup else None,
            },
        )
        for urutan, uraian in enumerate(demo.agenda, start=1):
            upsert(AgendaRapat, rapat=rapat, urutan=urutan, defaults={"uraian": uraian})
        for singkatan, (status, nama_hadir) in demo.undangan.items():
            undangan, _ = upsert(Undangan, rapat=rapat, opd=opd[singkatan], nama="")
            if status:
                upsert(Kehadiran, undangan=undangan, defaults={"status": status, "nama_hadir": nama_hadir})
        for urutan, (jenis, uraian) in enumerate(demo.keputusan, start=1):
            upsert(Keputusan, rapat=rapat, urutan=urutan, defaults={"jenis": jenis, "uraian": uraian})
        for item in demo.tindak_lanjut:
            upsert(
                TindakLanjut,
                rapat=rapat,
                uraian=item.uraian,
                defaults={
                    "opd": opd[item.opd],
                    "batas_waktu": item.batas_waktu,
                    "status": item.status,
                    "catatan": item.catatan,
                    "klaster": klaster.get(item.klaster),
                    "indikator": indikator.get(item.indikator),
                },
            )
        if demo.addendum:
            upsert(AddendumNotulen, rapat=rapat, isi=demo.addendum, defaults={"dibuat_oleh": admin})
        result.append(rapat)
    return result
