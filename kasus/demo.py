"""Demo cases for Kota Metro: invented people, fake NIKs (0000…), yearly totals as reported by DP3AP2KB."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from core.seeding import upsert
from gugus_tugas.models import OPD, User, Wilayah

from .models import (
    HubunganPelaku,
    JenisKekerasan,
    JenisKelamin,
    JenisLayanan,
    Kasus,
    KasusJenisKekerasan,
    Korban,
    Layanan,
    NomorUrut,
    Pelaku,
    Pendidikan,
    RiwayatStatus,
    Saluran,
    StatusKasus,
    TempatKejadian,
    kelompok_umur_for,
    umur_pada,
)

PETUGAS_DEMO = "petugas.uptdppa"

# Victims per case, per year. 2020 (10 victims) and 2021 (17) follow DP3AP2KB's reported totals;
# 2022 opens with the nine cases known by late July (five against children, four against women).
RENCANA = {
    2020: [1] * 8 + [2],
    2021: [1] * 13 + [2, 2],
    2022: [1] * 14 + [2],
    2023: [1] * 14 + [2, 2],
    2024: [1] * 16 + [2, 2],
    2025: [1] * 18 + [2, 2],
}
KASUS_2022_SAMPAI_JULI = 9
KASUS_PEREMPUAN_2022 = {5, 6, 7, 8}

NAMA_DEPAN = ["Ayu", "Bima", "Citra", "Dimas", "Eka", "Fitri", "Galih", "Hana", "Indra", "Joko", "Kirana", "Lestari"]
NAMA_BELAKANG = ["Wulandari", "Saputra", "Permata", "Kurniawan", "Anggraini", "Hidayat", "Maharani", "Nugroho"]

HUBUNGAN_BOBOT = [
    (HubunganPelaku.ORANG_TUA, 4),
    (HubunganPelaku.KELUARGA, 3),
    (HubunganPelaku.TETANGGA, 3),
    (HubunganPelaku.PACAR_TEMAN, 3),
    (HubunganPelaku.GURU, 1),
    (HubunganPelaku.SUAMI_ISTRI, 1),
    (HubunganPelaku.LAINNYA, 1),
]
TEMPAT_BOBOT = [
    (TempatKejadian.RUMAH_TANGGA, 6),
    (TempatKejadian.SEKOLAH, 2),
    (TempatKejadian.FASILITAS_UMUM, 2),
    (TempatKejadian.LAINNYA, 1),
]
JENIS_BOBOT = [
    (JenisKekerasan.SEKSUAL, 5),
    (JenisKekerasan.FISIK, 4),
    (JenisKekerasan.PSIKIS, 4),
    (JenisKekerasan.PENELANTARAN, 2),
    (JenisKekerasan.EKSPLOITASI, 1),
]
LAYANAN_PENYEDIA = {
    JenisLayanan.PENGADUAN: "DP3AP2KB",
    JenisLayanan.KESEHATAN: "RSUD A. Yani",
    JenisLayanan.BANTUAN_HUKUM: "LPA",
    JenisLayanan.PENEGAKAN_HUKUM: "Polres",
    JenisLayanan.REHABILITASI_SOSIAL: "Dinsos",
    JenisLayanan.REINTEGRASI_SOSIAL: "Dinsos",
    JenisLayanan.PENDAMPINGAN_TOKOH_AGAMA: "Kemenag",
}
ALUR_STATUS = [StatusKasus.BARU, StatusKasus.DALAM_PENANGANAN, StatusKasus.DIRUJUK, StatusKasus.SELESAI]


def _pick(rng: random.Random, weighted: list) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _pendidikan(umur: int) -> str:
    if umur < 4:
        return Pendidikan.BELUM_SEKOLAH
    for batas, kode in [(6, Pendidikan.PAUD), (12, Pendidikan.SD), (15, Pendidikan.SMP), (18, Pendidikan.SMA)]:
        if umur <= batas:
            return kode
    return Pendidikan.SMA


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _tanggal_lapor(rng: random.Random, tahun: int, index: int, jumlah: int) -> datetime.date:
    if tahun == 2022:
        if index < KASUS_2022_SAMPAI_JULI:
            start, end = datetime.date(2022, 1, 5), datetime.date(2022, 7, 28)
            jumlah, posisi = KASUS_2022_SAMPAI_JULI, index
        else:
            start, end = datetime.date(2022, 8, 3), datetime.date(2022, 12, 20)
            jumlah, posisi = jumlah - KASUS_2022_SAMPAI_JULI, index - KASUS_2022_SAMPAI_JULI
    else:
        start, end, posisi = datetime.date(tahun, 1, 5), datetime.date(tahun, 12, 20), index
    span = (end - start).days
    return start + datetime.timedelta(days=span * posisi // max(jumlah, 1) + rng.randint(0, 6))


@transaction.atomic
def demo_kasus_seed() -> int:
    """Create or refresh the demo cases; returns how many demo cases exist (`seed_demo --scale` adds copies)."""
    petugas = User.objects.get(username=PETUGAS_DEMO)
    kelurahan = list(Wilayah.objects.filter(jenis=Wilayah.Jenis.KELURAHAN).order_by("induk__nama", "nama"))
    opd = {o.singkatan: o for o in OPD.objects.filter(singkatan__in=set(LAYANAN_PENYEDIA.values()))}
    nomor_global = 0
    for tahun, rencana in RENCANA.items():
        for index, jumlah_korban in enumerate(rencana):
            rng = random.Random(tahun * 10_000 + index)  # noqa: S311 - reproducible demo data, not secrets
            kasus = _kasus_seed(
                rng,
                tahun=tahun,
                index=index,
                jumlah=len(rencana),
                kelurahan=kelurahan[nomor_global % len(kelurahan)],
                petugas=petugas,
            )
            perempuan_dewasa = tahun == 2022 and index in KASUS_PEREMPUAN_2022
            for urutan in range(1, jumlah_korban + 1):
                _korban_seed(rng, kasus=kasus, urutan=urutan, dewasa=perempuan_dewasa)
            _pelaku_seed(rng, kasus=kasus, dewasa=perempuan_dewasa)
            _layanan_seed(rng, kasus=kasus, opd=opd, petugas=petugas)
            nomor_global += 1
        existing = NomorUrut.objects.filter(tahun=tahun).values_list("terakhir", flat=True).first() or 0
        upsert(NomorUrut, tahun=tahun, defaults={"terakhir": max(existing, len(rencana))})
    return nomor_global


def _kasus_seed(rng, *, tahun: int, index: int, jumlah: int, kelurahan: Wilayah, petugas: User) -> Kasus:
    lapor = _tanggal_lapor(rng, tahun, index, jumlah)
    kejadian = lapor - datetime.timedelta(days=rng.randint(0, 20))
    tempat = _pick(rng, TEMPAT_BOBOT)
    jenis = {_pick(rng, JENIS_BOBOT) for _ in range(rng.choice([1, 1, 2]))}
    # Recent cases are still open; older ones have run their course.
    akhir = len(ALUR_STATUS) - 1 if tahun < 2025 or index < 12 else rng.randint(0, 2)
    status = ALUR_STATUS[akhir]
    kasus, _ = upsert(
        Kasus,
        nomor_registrasi=f"KASUS/{tahun}/{index + 1:04d}",
        defaults={
            "tanggal_lapor": lapor,
            "tanggal_kejadian": kejadian,
            "saluran": rng.choice(Saluran.values),
            "kelurahan": kelurahan,
            "tempat_kejadian": tempat,
            "kronologi": (
                f"Data demo fiktif: laporan kekerasan {', '.join(sorted(jenis))}, "
                f"{str(TempatKejadian(tempat).label).lower()}."
            ),
            "status": status,
            "dibuat_oleh": petugas,
        },
    )
    for item in sorted(jenis):
        upsert(KasusJenisKekerasan, kasus=kasus, jenis=item)
    for langkah, kode in enumerate(ALUR_STATUS[: akhir + 1]):
        upsert(
            RiwayatStatus,
            kasus=kasus,
            status=kode,
            defaults={"waktu": _at(lapor + datetime.timedelta(days=14 * langkah)), "oleh": petugas},
        )
    return kasus


def _korban_seed(rng, *, kasus: Kasus, urutan: int, dewasa: bool) -> None:
    # Most reported child victims are adolescents, as in SIMFONI-PPA's national figures.
    rentang = rng.choices([(2, 5), (6, 12), (13, 17)], weights=[2, 3, 5])[0]
    umur = rng.randint(19, 45) if dewasa else rng.randint(*rentang)
    acuan = kasus.tanggal_kejadian or kasus.tanggal_lapor
    lahir = acuan.replace(year=acuan.year - umur, day=1) - datetime.timedelta(days=rng.randint(1, 300))
    nomor = int(kasus.nomor_registrasi[6:10]) * 10_000 + int(kasus.nomor_registrasi[-4:])
    upsert(
        Korban,
        kasus=kasus,
        urutan=urutan,
        defaults={
            "nama": f"{rng.choice(NAMA_DEPAN)} {rng.choice(NAMA_BELAKANG)} (fiktif)",
            "nik": f"0000{nomor:08d}{urutan:04d}",
            "alamat": f"Jl. Contoh Fiktif No. {rng.randint(1, 99)}, {kasus.kelurahan.nama}",
            "telepon": f"0800-0000-{rng.randint(1000, 9999)}",
            "nama_orang_tua": "" if dewasa else f"{rng.choice(NAMA_DEPAN)} {rng.choice(NAMA_BELAKANG)} (fiktif)",
            "jenis_kelamin": JenisKelamin.PEREMPUAN if dewasa or rng.random() < 0.6 else JenisKelamin.LAKI_LAKI,
            "tanggal_lahir": lahir,
            "umur": umur_pada(lahir, acuan),
            "kelompok_umur": kelompok_umur_for(umur_pada(lahir, acuan)),
            "pendidikan": _pendidikan(umur),
            "disabilitas": rng.random() < 0.05,
        },
    )


def _pelaku_seed(rng, *, kasus: Kasus, dewasa: bool) -> None:
    hubungan = HubunganPelaku.SUAMI_ISTRI if dewasa else _pick(rng, HUBUNGAN_BOBOT[:5] + HUBUNGAN_BOBOT[6:])
    muda = hubungan == HubunganPelaku.PACAR_TEMAN
    upsert(
        Pelaku,
        kasus=kasus,
        urutan=1,
        defaults={
            "nama": f"Pelaku Fiktif {kasus.nomor_registrasi[-4:]}",
            "nik": "",
            "alamat": "",
            "jenis_kelamin": JenisKelamin.LAKI_LAKI if rng.random() < 0.85 else JenisKelamin.PEREMPUAN,
            "kelompok_umur": rng.choice(["13-17", "18-24"]) if muda else rng.choice(["25-44", "25-44", "45-59"]),
            "hubungan": hubungan,
        },
    )


def _layanan_seed(rng, *, kasus: Kasus, opd: dict, petugas: User) -> None:
    if kasus.status == StatusKasus.BARU:
        return
    jenis_list = [JenisLayanan.PENGADUAN, *rng.sample(list(LAYANAN_PENYEDIA)[1:], k=rng.randint(1, 3))]
    for langkah, jenis in enumerate(jenis_list):
        upsert(
            Layanan,
            kasus=kasus,
            jenis=jenis,
            defaults={
                "tanggal": kasus.tanggal_lapor + datetime.timedelta(days=7 * langkah),
                "penyedia_opd": opd.get(LAYANAN_PENYEDIA[jenis]),
                "penyedia_lain": "" if LAYANAN_PENYEDIA[jenis] in opd else LAYANAN_PENYEDIA[jenis],
                "keterangan": "",
                "dicatat_oleh": petugas,
            },
        )
