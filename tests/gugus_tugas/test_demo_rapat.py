"""Demo meetings: the three Kota Metro meetings from public reports and routine cluster meetings."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from gugus_tugas.demo import demo_rapat_seed
from gugus_tugas.models import Rapat, TindakLanjut, User
from gugus_tugas.selectors import tindak_lanjut_perlu_diingatkan_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", "--force", "--password", "Demo-Metro-2026", stdout=StringIO())


def test_the_three_public_meetings_are_seeded_with_their_dates_and_places(seeded):
    tanggal = {r.tanggal: r for r in Rapat.objects.all()}
    assert tanggal[datetime.date(2023, 11, 14)].jenis == Rapat.Jenis.RAKOR
    assert "RAD KLA 2024–2030" in tanggal[datetime.date(2023, 11, 14)].judul
    assert tanggal[datetime.date(2025, 11, 6)].tempat.startswith("Ruang OR")
    fgd = tanggal[datetime.date(2025, 12, 11)]
    assert fgd.jenis == Rapat.Jenis.FGD and fgd.tempat == "Sessat Agung Bumi Sai Wawai"
    assert fgd.penyelenggara.singkatan == "Kejari"
    for rapat in (tanggal[datetime.date(2023, 11, 14)], tanggal[datetime.date(2025, 11, 6)], fgd):
        assert rapat.status == Rapat.Status.SELESAI
        assert rapat.agenda.exists() and rapat.keputusan.exists() and rapat.tindak_lanjut.exists()
        assert rapat.undangan.filter(kehadiran__isnull=False).exists()


def test_demo_follow_ups_include_done_overdue_and_due_this_week(seeded):
    items = list(TindakLanjut.objects.all())
    assert any(item.status == TindakLanjut.Status.SELESAI for item in items)
    assert any(item.terlambat for item in items)
    minggu_ini = timezone.localdate() + datetime.timedelta(days=7)
    assert any(not item.terlambat and item.batas_waktu <= minggu_ini and item.status != "selesai" for item in items)


def test_the_demo_dinkes_operator_has_something_to_be_reminded_of(seeded):
    dinkes = User.objects.get(username="opd.dinkes").opd
    assert tindak_lanjut_perlu_diingatkan_list(tanggal=timezone.localdate())[dinkes]


def test_reseeding_the_meetings_the_same_day_writes_nothing(seeded):
    history_before = Rapat.history.count() + TindakLanjut.history.count()
    demo_rapat_seed()
    assert Rapat.history.count() + TindakLanjut.history.count() == history_before
