"""Evaluation fixtures: a pdf upload and a verified realisation of indicator 14 (Klaster III)."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rad_kla.models import Realisasi
from tests.rad_kla.factories import PeriodeFactory, RealisasiFactory, RencanaAksiFactory, TargetTahunanFactory


@pytest.fixture
def pdf_upload():
    return SimpleUploadedFile("sk-gugus-tugas.pdf", b"%PDF-1.4\n%uji\n", content_type="application/pdf")


@pytest.fixture
def realisasi_terverifikasi(opd_dinkes):
    rencana = RencanaAksiFactory(kode="RAD-III-14-001", opd=opd_dinkes)
    TargetTahunanFactory(rencana_aksi=rencana, tahun=2025, target=Decimal("10"), pagu=100_000_000)
    return RealisasiFactory(
        rencana_aksi=rencana, periode=PeriodeFactory(tahun=2025, nomor=2), status=Realisasi.Status.DIVERIFIKASI
    )
