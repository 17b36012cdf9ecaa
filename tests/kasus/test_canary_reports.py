"""The canary identity stays out of the reports built on case data and out of the application log."""

import io
import logging
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook

from evaluasi.paket import paket_bukti_zip
from evaluasi.reports import laporan_evaluasi_pdf, laporan_kasus_pdf
from kasus.models import Kasus
from tests.kasus.test_canary import CANARY_NAME, CANARY_NIK, CANARY_PARENT, leaked

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def entry_text(name: str, content: bytes) -> str:
    """What a reader of one archive entry sees: PDF text, every workbook cell, or the text itself."""
    if name.endswith(".pdf"):
        return pdf_text(content)
    if name.endswith(".xlsx"):
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        return " ".join(str(v) for sheet in workbook for row in sheet.iter_rows(values_only=True) for v in row)
    return content.decode("utf-8", "replace")


@pytest.fixture
def canary_kasus(client, petugas_kasus, kasus_post, caplog) -> Kasus:
    client.force_login(petugas_kasus)
    data = kasus_post(
        **{"korban-0-nama": CANARY_NAME, "korban-0-nik": CANARY_NIK, "korban-0-nama_orang_tua": CANARY_PARENT}
    )
    with caplog.at_level(logging.DEBUG):
        assert client.post("/kasus/tambah/", data).status_code == 302
        kasus = Kasus.objects.get()
        client.post(
            f"/kasus/{kasus.pk}/identitas/", {"jenis_alasan": "pendampingan", "alasan": "Pendampingan visum di RSUD."}
        )
        client.get(f"/kasus/{kasus.pk}/")
    assert leaked(caplog.text) == []
    return kasus


def test_the_case_report_counts_the_case_but_names_nobody(canary_kasus):
    content = laporan_kasus_pdf(tahun=2025)
    text = pdf_text(content)
    assert "Kasus" in text and "2025" in text
    assert leaked(text) == []
    assert leaked(content.decode("latin-1")) == []


def test_the_evaluation_report_and_the_evidence_pack_name_nobody(canary_kasus):
    assert leaked(pdf_text(laporan_evaluasi_pdf(tahun=2025))) == []
    with zipfile.ZipFile(io.BytesIO(paket_bukti_zip(tahun=2025))) as archive:
        for name in archive.namelist():
            assert leaked(name) == []
            assert leaked(entry_text(name, archive.read(name))) == [], name
