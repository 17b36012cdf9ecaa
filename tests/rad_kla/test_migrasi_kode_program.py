"""Upgrading a database seeded before the correction: the swapped PPPA programme codes are put right."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from rad_kla.models import RencanaAksi
from tests.gugus_tugas.factories import OPDFactory

BEFORE = [("rad_kla", "0006_bukti_dukung_lampiran")]
AFTER = [("rad_kla", "0007_kode_program_pppa")]
KELUARGA = "Program Peningkatan Kualitas Keluarga"
DATA = "Program Pengelolaan Sistem Data Gender dan Anak"


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_upgrading_swaps_only_the_wrongly_coded_pair(roles):
    from klaster.models import Indikator

    opd = OPDFactory()
    indikator_id = Indikator.objects.order_by("pk").values_list("pk", flat=True).first()
    try:
        old = migrate(BEFORE)
        aksi = old.get_model("rad_kla", "RencanaAksi").objects

        def create(kode, program, kode_program):
            aksi.create(
                kode=kode, indikator_id=indikator_id, opd_id=opd.pk, uraian="Uji", program=program,
                kode_program=kode_program,
            )  # fmt: skip

        create("A-1", KELUARGA, "2.08.05")
        create("A-2", DATA, "2.08.04")
        create("A-3", "Program lain yang diketik pengguna", "2.08.05")
        migrate(AFTER)
        codes = dict(RencanaAksi.objects.values_list("kode", "kode_program"))
        assert codes == {"A-1": "2.08.04", "A-2": "2.08.05", "A-3": "2.08.05"}
    finally:
        call_command("migrate", verbosity=0)
