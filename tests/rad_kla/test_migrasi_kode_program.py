"""Upgrading a database seeded before the correction: the swapped PPPA programme codes are put right."""

import importlib

import pytest
from django.apps import apps

from rad_kla.models import RencanaAksi
from tests.rad_kla.factories import RencanaAksiFactory

pytestmark = pytest.mark.django_db

KELUARGA = "Program Peningkatan Kualitas Keluarga"
DATA = "Program Pengelolaan Sistem Data Gender dan Anak"
migration = importlib.import_module("rad_kla.migrations.0007_kode_program_pppa")


def test_the_data_migration_swaps_only_the_wrongly_coded_pair():
    RencanaAksiFactory(kode="A-1", program=KELUARGA, kode_program="2.08.05")
    RencanaAksiFactory(kode="A-2", program=DATA, kode_program="2.08.04")
    RencanaAksiFactory(kode="A-3", program="Program lain yang diketik pengguna", kode_program="2.08.05")
    migration.forward(apps, None)
    codes = dict(RencanaAksi.objects.values_list("kode", "kode_program"))
    assert codes == {"A-1": "2.08.04", "A-2": "2.08.05", "A-3": "2.08.05"}
