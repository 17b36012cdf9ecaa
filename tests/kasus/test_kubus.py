"""The stored statistics cube: never released once a write has changed what it counts, whoever wrote."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kasus import kubus
from kasus.models import KubusStatistik
from kasus.selectors import statistik_kasus_get, tahun_kasus_list
from kasus.services import kasus_create, kasus_delete, kasus_status_set, kasus_update, layanan_create
from tests.gugus_tugas.factories import KecamatanFactory
from tests.kasus.factories import KasusFactory, KorbanFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def total(tahun: int = 2025) -> str:
    tabel = statistik_kasus_get(tahun=tahun, rinci=True).tabel_tahunan
    return tabel.total.tampil


def current() -> bool:
    row = KubusStatistik.objects.get(pk=kubus.KUBUS_PK)
    return row.versi_isi == row.versi_data


def create(petugas_kasus, kelurahan, **data):
    return kasus_create(
        data={
            "tanggal_lapor": datetime.date(2025, 3, 10),
            "saluran": "sapa_129",
            "kelurahan": kelurahan,
            "tempat_kejadian": "rumah_tangga",
            **data,
        },
        jenis_kekerasan=["fisik"],
        korban=[{"nama": "Anak Uji", "jenis_kelamin": "P", "umur": 10}],
        pelaku=[],
        by=petugas_kasus,
    )


def test_a_case_recorded_through_the_services_is_counted_at_once_and_readers_only_read(petugas_kasus, kelurahan):
    create(petugas_kasus, kelurahan)
    assert current()
    with CaptureQueriesContext(connection) as queries:
        assert total() == "1"
    # One read of the cube, however many cases there are.
    assert len(queries) == 1


def test_a_renamed_kecamatan_and_a_kelurahan_moved_to_another_are_shown_as_they_are_now(petugas_kasus, kelurahan):
    create(petugas_kasus, kelurahan)
    lama = kelurahan.induk
    lama.nama = "Metro Pusat Baru"
    lama.save()
    assert dict(_kecamatan_rows()) == {"Metro Pusat Baru": "1"}
    kelurahan.induk = KecamatanFactory(nama="Metro Timur")
    kelurahan.save()
    assert dict(_kecamatan_rows()) == {"Metro Pusat Baru": "0", "Metro Timur": "1"}


def _kecamatan_rows() -> list[tuple[str, str]]:
    tabel = next(t for t in statistik_kasus_get(tahun=2025, rinci=True).tabel_list if "kecamatan" in t.judul)
    return [(b.label, b.tampil) for b in tabel.baris]


def test_every_service_that_changes_a_count_recounts_and_one_that_does_not_leaves_the_cube_current(
    petugas_kasus, kelurahan
):
    kasus = create(petugas_kasus, kelurahan)
    layanan_create(kasus=kasus, jenis="pengaduan", tanggal=kasus.tanggal_lapor, penyedia_lain="LPA", by=petugas_kasus)
    assert current() and statistik_kasus_get(tahun=2025, rinci=True).persen_terlayani == 100.0
    versi = KubusStatistik.objects.get().versi_data
    kasus_status_set(kasus=kasus, status="dalam_penanganan", by=petugas_kasus)
    # The status is counted nowhere, so the cube stays as it was.
    assert KubusStatistik.objects.get().versi_data == versi
    kasus_update(
        kasus=kasus,
        data={"tanggal_lapor": datetime.date(2024, 12, 30)},
        jenis_kekerasan=["fisik"],
        korban=[{"id": kasus.korban.get(), "umur": 10}],
        pelaku=[],
        by=petugas_kasus,
    )
    assert current() and tahun_kasus_list() == [2024]
    kasus_delete(kasus=kasus, alasan="Salah input, kasus ganda.", by=petugas_kasus)
    assert current() and tahun_kasus_list() == []


def test_a_write_outside_the_services_is_seen_by_the_next_reader(petugas_kasus, kelurahan):
    kasus = create(petugas_kasus, kelurahan)
    KorbanFactory(kasus=kasus, urutan=2)
    assert not current()
    assert total() == "2" and current()
    kasus.tanggal_lapor = datetime.date(2023, 5, 1)
    kasus.save(update_fields=["tanggal_lapor"])
    assert tahun_kasus_list() == [2023]
    KasusFactory(tanggal_lapor=datetime.date(2025, 1, 2), dihapus_pada=timezone.now(), jenis=None)
    assert not current() and tahun_kasus_list() == [2023]


def test_counts_that_missed_a_write_made_while_counting_are_never_released(petugas_kasus, kelurahan, monkeypatch):
    kasus = create(petugas_kasus, kelurahan)
    hitung = kubus._kubus_hitung

    def counting_while_a_case_worker_writes():
        counts = hitung()
        KorbanFactory(kasus=kasus, urutan=2)  # committed by another request while this one counted
        return counts

    monkeypatch.setattr(kubus, "_kubus_hitung", counting_while_a_case_worker_writes)
    kubus.kubus_statistik_update()
    monkeypatch.setattr(kubus, "_kubus_hitung", hitung)
    assert not current()
    assert total() == "2"


def test_a_lost_cube_row_is_made_again(petugas_kasus, kelurahan):
    create(petugas_kasus, kelurahan)
    KubusStatistik.objects.all().delete()
    assert total() == "1"
    KorbanFactory(kasus=KasusFactory(tanggal_lapor=datetime.date(2025, 2, 1), jenis=None), urutan=1)
    assert total() == "2"


def test_the_embedded_sqlite_database_marks_the_cube_stale_too(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL"}},
        "DEBUG": "True",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    code = (
        "import datetime; from gugus_tugas.models import User, Wilayah; from kasus.models import *; "
        "from kasus.selectors import statistik_kasus_get; "
        "u = User.objects.create(username='p'); "
        "c = Wilayah.objects.create(nama='K', jenis='kecamatan'); "
        "w = Wilayah.objects.create(nama='W', jenis='kelurahan', induk=c); "
        "k = Kasus.objects.create(nomor_registrasi='K1', tanggal_lapor=datetime.date(2025, 1, 2), saluran='sapa_129', "
        "kelurahan=w, tempat_kejadian='sekolah', dibuat_oleh=u); "
        "Korban.objects.create(kasus=k, urutan=1, nama='A', jenis_kelamin='P', umur=9, kelompok_umur='6-12'); "
        "a = statistik_kasus_get(tahun=2025, rinci=True).tabel_tahunan.total.tampil; "
        "Korban.objects.create(kasus=k, urutan=2, nama='B', jenis_kelamin='L', umur=7, kelompok_umur='6-12'); "
        "b = statistik_kasus_get(tahun=2025, rinci=True).tabel_tahunan.total.tampil; "
        "k.tanggal_lapor = datetime.date(2024, 1, 2); k.save(); "
        "print(a, b, statistik_kasus_get(tahun=2024, rinci=True).tabel_tahunan.total.tampil)"
    )
    for args in (["migrate", "--noinput"], ["shell", "-c", code]):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "1 2 2"
