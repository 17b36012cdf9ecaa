"""Demo self-assessment of Kota Metro: three finalised years with official results and the current draft."""

import datetime
import zoneinfo
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from core.attachments import attachment_add
from core.seeding import upsert
from gugus_tugas.models import User
from klaster.models import Predikat
from klaster.selectors import indikator_aktif_list
from rad_kla.selectors import realisasi_terverifikasi_list

from .models import BuktiPenilaian, PenilaianIndikator, PenilaianTahun

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
ADMIN = "admin.dp3ap2kb"
KOORDINATOR = {"III": "koordinator.klaster3"}


@dataclass(frozen=True)
class TahunDemo:
    tahun: int
    rata_rata: Decimal  # claimed share of each indicator's bobot, on average
    final: bool
    skor_resmi: Decimal | None
    predikat_resmi: str | None
    jumlah_terisi: int  # indicators filled (in framework order)
    jumlah_berbukti: int  # of the filled ones, how many carry an uploaded document


# Kota Metro self-assessed around Nindya and was verified lower each year (DOMAIN.md: Nindya 2022
# and 2025); the current year is still being filled.
TAHUN_DEMO = [
    TahunDemo(2023, Decimal("0.735"), True, Decimal("712.40"), "Nindya", 24, 18),
    TahunDemo(2024, Decimal("0.748"), True, Decimal("726.15"), "Nindya", 24, 20),
    TahunDemo(2025, Decimal("0.762"), True, Decimal("741.30"), "Nindya", 24, 19),
    TahunDemo(2026, Decimal("0.781"), False, None, None, 18, 12),
]

# Per-indicator deviation from the year's average (sums to zero): strong on institutions and
# civil rights, weakest on special protection, as the clusters' RAD progress suggests.
SELISIH = [
    Decimal(x)
    for x in (
        "0.15", "0.12", "0.10", "0.08", "0.06", "0.05", "0.04", "0.03", "0.02", "0.01", "0", "0",
        "0", "0", "-0.01", "-0.02", "-0.03", "-0.04", "-0.05", "-0.06", "-0.08", "-0.10", "-0.12", "-0.15",
    )
]  # fmt: skip

NARASI = (
    "Capaian indikator {kode} ({nama}) tahun {tahun} dihimpun oleh {klaster}. Data dukung memuat regulasi, "
    "laporan kegiatan OPD dan dokumentasi; kekurangan utama ada pada kelengkapan data terpilah menurut "
    "kelurahan dan tindak lanjut rekomendasi verifikasi tahun sebelumnya."
)

# A minimal valid one-page PDF, so the evidence pack and downloads have real files to carry.
PDF_DEMO = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _skor(bobot: Decimal, share: Decimal) -> Decimal:
    share = min(max(share, Decimal(0)), Decimal(1))
    return (bobot * share).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _pengisi(klaster_kode: str, users: dict[str, User]) -> User | None:
    return users.get(KOORDINATOR.get(klaster_kode, ADMIN)) or users.get(ADMIN)


@transaction.atomic
def demo_evaluasi_seed() -> dict[int, Decimal]:
    """Seed the demo years; returns each year's claimed total. Writes only what differs."""
    users = {u.username: u for u in User.objects.filter(username__in=[ADMIN, *KOORDINATOR.values()])}
    admin = users.get(ADMIN)
    predikat = {p.nama: p for p in Predikat.objects.all()}
    totals = {}
    for demo in TAHUN_DEMO:
        penilaian, _created = upsert(
            PenilaianTahun,
            tahun=demo.tahun,
            defaults={
                "status": PenilaianTahun.Status.FINAL if demo.final else PenilaianTahun.Status.DRAFT,
                "difinalkan_oleh": admin if demo.final else None,
                "difinalkan_pada": datetime.datetime(demo.tahun, 7, 15, 10, 0, tzinfo=WIB) if demo.final else None,
                "skor_resmi": demo.skor_resmi,
                "predikat_resmi": predikat.get(demo.predikat_resmi) if demo.predikat_resmi else None,
            },
        )
        total = Decimal(0)
        for nomor, indikator in enumerate(indikator_aktif_list(tahun=demo.tahun)):
            if nomor >= demo.jumlah_terisi:
                break
            skor = _skor(indikator.bobot, demo.rata_rata + SELISIH[nomor % len(SELISIH)])
            total += skor
            pengisi = _pengisi(indikator.klaster.kode, users)
            item, _created = upsert(
                PenilaianIndikator,
                penilaian=penilaian,
                indikator=indikator,
                defaults={
                    "skor": skor,
                    "narasi": NARASI.format(
                        kode=indikator.kode, nama=indikator.nama, tahun=demo.tahun, klaster=indikator.klaster.nama
                    ),
                    "diperbarui_oleh": pengisi,
                    "diperbarui_pada": datetime.datetime(demo.tahun, 6, 1 + nomor, 9, 0, tzinfo=WIB),
                },
            )
            # The last indicators of each year are left without any evidence: the claim the
            # verification team will not count, which the dashboard shows.
            berbukti = nomor < demo.jumlah_berbukti
            cited = []
            if berbukti:
                cited = list(
                    realisasi_terverifikasi_list(indikator_id=indikator.pk, tahun_list=[demo.tahun]).values_list(
                        "pk", flat=True
                    )[:3]
                )
            if set(item.realisasi.values_list("pk", flat=True)) != set(cited):
                item.realisasi.set(cited)
            if berbukti and pengisi is not None:
                _bukti_seed(item, pengisi, nama=f"data-dukung-{indikator.kode}-{demo.tahun}.pdf")
        totals[demo.tahun] = total
    return totals


def _bukti_seed(item: PenilaianIndikator, by: User, *, nama: str) -> None:
    if BuktiPenilaian.objects.filter(penilaian_indikator=item, nama_asli=nama).exists():
        return
    attachment_add(
        model=BuktiPenilaian,
        owner=item,
        file=ContentFile(PDF_DEMO, name=nama),
        by=by,
        keterangan="Rekap data dukung indikator",
    )
