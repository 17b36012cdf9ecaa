"""`manage.py import_rad FILE.xlsx [--dry-run]`: output, bad rows, exit status, all or nothing."""

import sys

import pytest
from django.core.management import CommandError, call_command

from rad_kla.models import RencanaAksi
from tests.gugus_tugas.factories import OPDFactory
from tests.rad_kla.excel_utils import BASE, row, target_headers, xlsx

pytestmark = pytest.mark.django_db

HEADERS = [*BASE, *target_headers(), "Keterangan"]


@pytest.fixture(autouse=True)
def dinkes(db):
    return OPDFactory(nama="Dinas Kesehatan", singkatan="Dinkes")


def sheet(tmp_path, rows):
    path = tmp_path / "rad.xlsx"
    path.write_bytes(xlsx(HEADERS, rows).getvalue())
    return str(path)


def manage(*args) -> int:
    """The exit status manage.py would give: run_from_argv exits with a CommandError's returncode."""
    try:
        call_command("import_rad", *args)
    except CommandError as exc:
        print(f"CommandError: {exc}", file=sys.stderr)
        return exc.returncode
    return 0


def test_it_imports_a_good_file_and_exits_zero(tmp_path, capsys):
    status = manage(sheet(tmp_path, [[*row("A-1"), "x"], [*row("A-2"), ""]]))
    out = capsys.readouterr().out
    assert status == 0
    assert "Baris data: 2; baru: 2; diperbarui: 0; tidak berubah: 0" in out
    assert "Kolom tidak dikenali (diabaikan): Keterangan" in out
    assert "Impor selesai." in out
    assert RencanaAksi.objects.count() == 2


def test_it_prints_every_bad_row_saves_nothing_and_exits_non_zero(tmp_path, capsys):
    bad_opd = [*row("A-2", opd="Dinas Entah"), ""]
    bad_number = [*row("A-3"), ""]
    bad_number[HEADERS.index("Target 2026")] = "lima"
    status = manage(sheet(tmp_path, [[*row("A-1"), ""], bad_opd, bad_number]))
    err = capsys.readouterr().err
    assert status == 1
    assert 'Baris 3: OPD "Dinas Entah" tidak dikenal.' in err
    assert 'Baris 4: Target 2026 berisi "lima", bukan angka.' in err
    assert "Impor dibatalkan: 2 kesalahan; tidak ada data yang disimpan." in err
    assert RencanaAksi.objects.count() == 0


def test_dry_run_checks_and_saves_nothing(tmp_path, capsys):
    status = manage(sheet(tmp_path, [[*row("A-1"), ""]]), "--dry-run")
    out = capsys.readouterr().out
    assert status == 0
    assert "baru: 1" in out and "tidak ada data yang disimpan" in out
    assert RencanaAksi.objects.count() == 0


def test_dry_run_with_errors_exits_non_zero(tmp_path, capsys):
    assert manage(sheet(tmp_path, [[*row("A-1", indikator="99"), ""]]), "--dry-run") == 1
    assert 'Baris 2: Indikator KLA "99" tidak dikenal.' in capsys.readouterr().err


def test_a_missing_file_is_reported(tmp_path, capsys):
    assert manage(str(tmp_path / "tidak-ada.xlsx")) == 1
    assert "tidak ditemukan" in capsys.readouterr().err
