"""A zip bomb disguised as a RAD sheet is refused before openpyxl inflates it, on the web and on the command line."""

import resource
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from rad_kla.excel_views import XLSX_CONTENT_TYPE
from rad_kla.models import ImporRad, RencanaAksi
from rad_kla.services import rencana_import
from tests.rad_kla.excel_utils import BASE, row, target_headers, xlsx_bomb

pytestmark = pytest.mark.django_db

HEADERS = [*BASE, *target_headers()]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(scope="module")
def bom():
    """A 150 KB workbook of one valid row whose sheet inflates to 150 MB, as in the report."""
    return xlsx_bomb(150, HEADERS, [row("BOM-1")]).getvalue()


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_the_bomb_is_small_on_disk(bom):
    assert len(bom) < 500 * 1024


def test_the_import_refuses_the_bomb_quickly_without_inflating_it(bom, opd_dinkes, tmp_path):
    path = tmp_path / "bom.xlsx"
    path.write_bytes(bom)
    before = rss_mb()
    started = time.monotonic()
    with path.open("rb") as upload:
        result = rencana_import(upload, filename="bom.xlsx")
    assert time.monotonic() - started < 2
    assert rss_mb() - before < 50
    assert not result.saved and result.rows == 0
    assert [error.baris for error in result.errors] == [0]
    assert "terlalu besar setelah dibuka (150 MB; batasnya 50 MB)" in result.errors[0].pesan
    assert RencanaAksi.objects.count() == 0


def test_a_bomb_under_the_size_limit_is_refused_by_its_compression_ratio(opd_dinkes):
    result = rencana_import(xlsx_bomb(20, HEADERS, [row("BOM-1")]), filename="bom.xlsx")
    assert "xl/worksheets/sheet1.xml memuai lebih dari 100 kali" in result.errors[0].pesan
    assert RencanaAksi.objects.count() == 0


def test_the_command_refuses_the_bomb_and_saves_nothing(bom, opd_dinkes, tmp_path, capsys):
    path = tmp_path / "bom.xlsx"
    path.write_bytes(bom)
    with pytest.raises(CommandError, match="Impor dibatalkan"):
        call_command("import_rad", str(path))
    assert "terlalu besar setelah dibuka" in capsys.readouterr().err
    assert RencanaAksi.objects.count() == 0


def test_the_upload_form_refuses_the_bomb_before_anything_is_stored_or_queued(client, admin_user, bom):
    client.force_login(admin_user)
    started = time.monotonic()
    response = client.post("/rad/impor/", {"berkas": SimpleUploadedFile("bom.xlsx", bom, XLSX_CONTENT_TYPE)})
    assert time.monotonic() - started < 2
    assert response.status_code == 200
    assert "terlalu besar setelah dibuka" in response.content.decode()
    assert ImporRad.objects.count() == 0 and RencanaAksi.objects.count() == 0
