"""Demo programme codes follow Kepmendagri 050-5889/2021 for the PPPA affair, also on a database seeded earlier."""

import pytest

from gugus_tugas.demo import demo_organisasi_seed
from rad_kla.demo import PROGRAM, demo_rad_seed
from rad_kla.models import RencanaAksi

pytestmark = pytest.mark.django_db

KODE_PPPA = {
    "2.08.04": "Program Peningkatan Kualitas Keluarga",
    "2.08.05": "Program Pengelolaan Sistem Data Gender dan Anak",
    "2.08.06": "Program Pemenuhan Hak Anak (PHA)",
    "2.08.07": "Program Perlindungan Khusus Anak",
}


def test_every_pppa_programme_of_the_demo_carries_its_kepmendagri_code():
    pppa = {(kode, program) for _opd, kode, program, _kegiatan in PROGRAM.values() if kode.startswith("2.08.")}
    assert pppa == set(KODE_PPPA.items())


def test_a_second_seed_run_corrects_codes_stored_by_the_older_demo():
    demo_organisasi_seed(password="Demo-Metro-2026", new_password="Demo-Metro-2026")
    demo_rad_seed()
    # What the older demo stored: the two codes swapped.
    RencanaAksi.objects.filter(program=KODE_PPPA["2.08.05"]).update(kode_program="2.08.04")
    RencanaAksi.objects.filter(program=KODE_PPPA["2.08.04"]).update(kode_program="2.08.05")

    demo_rad_seed()

    stored = set(RencanaAksi.objects.filter(kode_program__startswith="2.08.").values_list("kode_program", "program"))
    assert stored == set(KODE_PPPA.items())
