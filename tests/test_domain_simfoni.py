"""SIMFONI-PPA categories (pendidikan kilat, mediasi, lainnya); the village column follows the jenis."""

import pytest

from gugus_tugas.models import Wilayah
from kasus.models import JenisLayanan, TempatKejadian
from kasus.selectors import simfoni_baris_list
from tests.kasus.factories import KasusFactory, KelurahanFactory, KorbanFactory, LayananFactory

pytestmark = pytest.mark.django_db


def test_the_simfoni_places_include_lembaga_pendidikan_kilat():
    assert TempatKejadian("pendidikan_kilat").label == "Lembaga pendidikan kilat"


def test_the_simfoni_services_include_mediasi_and_lainnya():
    assert {JenisLayanan("mediasi").label, JenisLayanan("lainnya").label} == {"Mediasi", "Lainnya"}


def test_a_case_settled_by_mediation_at_a_short_course_is_exported_with_both(petugas_kasus):
    kasus = KasusFactory(dibuat_oleh=petugas_kasus, tempat_kejadian=TempatKejadian.PENDIDIKAN_KILAT)
    KorbanFactory(kasus=kasus, urutan=1)
    LayananFactory(kasus=kasus, jenis=JenisLayanan.MEDIASI)
    header, rows = simfoni_baris_list(user=petugas_kasus)
    row = dict(zip(header, rows[0], strict=True))
    assert row["Tempat kejadian"] == "Lembaga pendidikan kilat"
    assert "Mediasi" in row["Layanan"]


def test_the_export_names_the_village_column_after_the_jenis_the_region_has(petugas_kasus):
    KorbanFactory(kasus=KasusFactory(dibuat_oleh=petugas_kasus), urutan=1)
    assert "Kelurahan" in simfoni_baris_list(user=petugas_kasus)[0]
    Wilayah.objects.create(nama="Pelangki", jenis=Wilayah.Jenis.DESA, induk=KelurahanFactory().induk)
    assert "Desa/Kelurahan" in simfoni_baris_list(user=petugas_kasus)[0]
