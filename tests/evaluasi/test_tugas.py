"""The to-do list at the top of the dashboard: per role, after the step that causes each item; flat query count."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from evaluasi.tugas import tugas_saya_get
from gugus_tugas.models import Peran, ProfilDaerah, TindakLanjut
from klaster.models import Indikator, Klaster, Predikat
from rad_kla.models import PeriodePelaporan, Realisasi
from rad_kla.services import realisasi_return, realisasi_verify
from tests.evaluasi.factories import PenilaianIndikatorFactory
from tests.gugus_tugas.factories import OPDFactory, RapatFactory, TindakLanjutFactory, UserFactory
from tests.rad_kla.factories import (
    BuktiDukungFactory,
    PeriodeFactory,
    RealisasiFactory,
    RencanaAksiFactory,
    TargetTahunanFactory,
)

pytestmark = pytest.mark.django_db
TAHUN = timezone.localdate().year
KOSONG = "Tidak ada yang perlu dikerjakan sekarang."


@pytest.fixture(autouse=True)
def bersih():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def profil(db):
    return ProfilDaerah.objects.create(
        nama_daerah="Metro",
        jenis="kota",
        provinsi="Lampung",
        kode="18.72",
        predikat_saat_ini=Predikat.objects.get(nama="Nindya"),
        predikat_target=Predikat.objects.get(nama="Utama"),
        tahun_rad_mulai=2024,
        tahun_rad_selesai=2030,
    )


def tugas(client, user) -> str:
    """The to-do section of the user's dashboard, whitespace folded."""
    client.force_login(user)
    html = client.get("/").content.decode()
    if 'data-testid="tugas-saya"' not in html:
        return ""
    start = html.index('data-testid="tugas-saya"')
    return re.sub(r"\s+", " ", html[start : html.index("</section>", start)])


def periode_terbuka(*, batas: datetime.date | None = None) -> PeriodePelaporan:
    periode = PeriodeFactory(tahun=TAHUN, nomor=1)
    if batas is not None:
        periode.batas_lapor = batas
        periode.save(update_fields=["batas_lapor"])
    return periode


def aksi(opd, *, target: bool = True, kode_indikator: str = "14"):
    rencana = RencanaAksiFactory(opd=opd, indikator=Indikator.objects.get(kode=kode_indikator))
    if target:
        TargetTahunanFactory(rencana_aksi=rencana, tahun=TAHUN)
    return rencana


def test_a_returned_realisation_shows_on_its_operators_dashboard_and_not_another_opds(
    client, operator_dinkes, opd_dinkes, koordinator_klaster3
):
    lain = UserFactory(peran=Peran.OPERATOR_OPD, opd=OPDFactory(singkatan="Disdik"))
    periode = periode_terbuka(batas=timezone.localdate() + datetime.timedelta(days=20))
    rencana = aksi(opd_dinkes)
    realisasi = RealisasiFactory(
        rencana_aksi=rencana, periode=periode, status=Realisasi.Status.DIAJUKAN, diajukan_pada=timezone.now()
    )
    assert "realisasi dikembalikan" not in tugas(client, operator_dinkes)

    realisasi_return(realisasi=realisasi, by=koordinator_klaster3, catatan="Lampirkan daftar hadir")

    html = tugas(client, operator_dinkes)
    url = reverse("rad_kla:realisasi_isi", args=[rencana.pk, periode.pk])
    assert f'<a class="fw-semibold" href="{url}">1 realisasi dikembalikan</a>' in html
    assert "Lampirkan daftar hadir" in html
    # Returned is no longer reported: the open period asks for it again, with its deadline.
    assert "1 aksi belum dilaporkan untuk Triwulan I" in html
    assert "1 notifikasi belum dibaca" in html
    assert tugas(client, lain).endswith(f'<p class="text-muted mb-0" data-testid="tugas-kosong">{KOSONG}</p> ')


def test_an_open_period_counts_the_actions_with_a_target_and_no_report_until_they_report(
    client, operator_dinkes, opd_dinkes
):
    batas = timezone.localdate() - datetime.timedelta(days=3)
    periode = periode_terbuka(batas=batas)
    belum, dilaporkan = aksi(opd_dinkes), aksi(opd_dinkes)
    aksi(opd_dinkes, target=False)  # nothing to report this year
    aksi(OPDFactory())  # another OPD's
    RealisasiFactory(rencana_aksi=dilaporkan, periode=periode, status=Realisasi.Status.DIVERIFIKASI)
    draf = RealisasiFactory(rencana_aksi=belum, periode=periode, status=Realisasi.Status.DRAFT)

    html = tugas(client, operator_dinkes)
    assert f"1 aksi belum dilaporkan untuk Triwulan I {TAHUN}" in html
    assert "terlambat 3 hari (batas" in html
    assert f'href="{reverse("rad_kla:saya")}"' in html

    draf.status = Realisasi.Status.DIAJUKAN
    draf.save(update_fields=["status"])
    assert "belum dilaporkan" not in tugas(client, operator_dinkes)
    periode.terbuka = False
    periode.save(update_fields=["terbuka"])
    assert KOSONG in tugas(client, operator_dinkes)


def test_follow_ups_of_the_opd_due_within_a_week_or_overdue_show_with_the_days_overdue(
    client, operator_dinkes, opd_dinkes
):
    hari_ini = timezone.localdate()
    lewat = TindakLanjutFactory(
        opd=opd_dinkes, uraian="Susun SK forum anak", batas_waktu=hari_ini - datetime.timedelta(days=4)
    )
    TindakLanjutFactory(
        opd=opd_dinkes, uraian="Kirim data imunisasi", batas_waktu=hari_ini + datetime.timedelta(days=5)
    )
    TindakLanjutFactory(opd=opd_dinkes, uraian="Masih lama", batas_waktu=hari_ini + datetime.timedelta(days=10))
    TindakLanjutFactory(opd=opd_dinkes, uraian="Sudah beres", batas_waktu=hari_ini, status=TindakLanjut.Status.SELESAI)
    TindakLanjutFactory(uraian="Milik OPD lain", batas_waktu=hari_ini)
    TindakLanjutFactory(opd=opd_dinkes, uraian="Rapat draf", batas_waktu=hari_ini, rapat=RapatFactory(status="draft"))

    html = tugas(client, operator_dinkes)
    assert "2 tindak lanjut jatuh tempo dalam 7 hari atau terlambat" in html
    assert "1 sudah lewat batas waktu" in html
    detail = reverse("gugus_tugas:tindak_lanjut_detail", args=[lewat.pk])
    assert f'<a href="{detail}">Susun SK forum anak</a> <span class="text-muted">· terlambat 4 hari' in html
    assert "Kirim data imunisasi" in html
    for teks in ("Masih lama", "Sudah beres", "Milik OPD lain", "Rapat draf"):
        assert teks not in html


def test_a_coordinator_sees_the_queue_of_their_cluster_with_the_oldest_and_those_without_evidence(
    client, koordinator_klaster3, koordinator_klaster5
):
    periode = periode_terbuka()
    lama = timezone.make_aware(datetime.datetime(TAHUN, 1, 2, 9))
    tanpa = RealisasiFactory(rencana_aksi=aksi(OPDFactory(singkatan="Dinkes2")), periode=periode, diajukan_pada=lama)
    dengan = RealisasiFactory(rencana_aksi=aksi(OPDFactory()), periode=periode, diajukan_pada=timezone.now())
    BuktiDukungFactory(realisasi=dengan)
    RealisasiFactory(rencana_aksi=aksi(OPDFactory(), kode_indikator="1"), periode=periode)  # cluster I
    RealisasiFactory(rencana_aksi=aksi(OPDFactory()), periode=periode, status=Realisasi.Status.DIVERIFIKASI)

    html = tugas(client, koordinator_klaster3)
    assert f'href="{reverse("rad_kla:verifikasi")}">2 realisasi menunggu verifikasi</a>' in html
    assert f"terlama menunggu sejak 2 Januari {TAHUN} · 1 tanpa bukti dukung" in html
    first = html.index(reverse("rad_kla:realisasi_detail", args=[tanpa.pk]))
    assert html.index('<span class="badge text-bg-danger">tanpa bukti</span>') > first
    assert html.count("tanpa bukti</span>") == 1
    assert KOSONG in tugas(client, koordinator_klaster5)

    realisasi_verify(realisasi=tanpa, by=koordinator_klaster3)
    realisasi_verify(realisasi=dengan, by=koordinator_klaster3)
    assert KOSONG in tugas(client, koordinator_klaster3)


def test_the_secretariat_sees_late_opds_meetings_to_close_and_overdue_follow_ups_per_opd(client, admin_user):
    hari_ini = timezone.localdate()
    assert KOSONG in tugas(client, admin_user)

    periode = periode_terbuka(batas=hari_ini - datetime.timedelta(days=1))
    dinsos, disdik, tepat = (
        OPDFactory(singkatan="Dinsos"),
        OPDFactory(singkatan="Disdik"),
        OPDFactory(singkatan="Tepat"),
    )
    aksi(dinsos), aksi(disdik)
    RealisasiFactory(rencana_aksi=aksi(tepat), periode=periode)
    aksi(OPDFactory(singkatan="Tanpa target"), target=False)
    kemarin = timezone.now() - datetime.timedelta(days=1)
    rapat = RapatFactory(judul="Rakor triwulan", mulai=kemarin)
    RapatFactory(judul="Rakor ditutup", mulai=kemarin, status="selesai")
    RapatFactory(judul="Rakor besok", mulai=timezone.now() + datetime.timedelta(days=1))
    for opd, n in ((dinsos, 1), (disdik, 2)):
        for _n in range(n):
            TindakLanjutFactory(opd=opd, rapat=rapat, batas_waktu=hari_ini - datetime.timedelta(days=2))
    TindakLanjutFactory(opd=tepat, rapat=rapat, batas_waktu=hari_ini)  # due today: not late yet

    html = tugas(client, admin_user)
    assert "2 OPD terlambat melapor" in html
    late = html[html.index('data-testid="tugas-opd-terlambat"') : html.index('data-testid="tugas-rapat"')]
    assert ">Disdik</a>" in late and ">Dinsos</a>" in late and "Tepat" not in late and "Tanpa target" not in late
    assert "1 rapat sudah lewat tanggalnya tetapi belum ditutup" in html
    assert reverse("gugus_tugas:rapat_detail", args=[rapat.pk]) in html
    assert "Rakor ditutup" not in html and "Rakor besok" not in html
    per_opd = html[html.index('data-testid="tugas-tindak-lanjut-terlambat"') :]
    assert "3 tindak lanjut terlambat" in per_opd
    assert per_opd.index(">Disdik</a>") < per_opd.index(">Dinsos</a>")
    assert "2 terlambat" in per_opd and "Tepat" not in per_opd


def test_a_leader_sees_the_gap_to_the_target_and_what_was_done_since_their_last_visit(
    client, pimpinan, koordinator_klaster3, profil
):
    PenilaianIndikatorFactory(penilaian__tahun=TAHUN, indikator=Indikator.objects.get(kode="1"), skor=Decimal("40"))
    periode = periode_terbuka()
    sebelum = RealisasiFactory(rencana_aksi=aksi(OPDFactory()), periode=periode, diajukan_pada=timezone.now())
    sesudah = RealisasiFactory(rencana_aksi=aksi(OPDFactory()), periode=periode, diajukan_pada=timezone.now())
    realisasi_verify(realisasi=sebelum, by=koordinator_klaster3)
    html = tugas(client, pimpinan)
    utama = Predikat.objects.get(nama="Utama").skor_minimum
    assert f"Kurang {utama - 40:.2f} poin menuju Utama".replace(".", ",") in html
    assert f"Skor penilaian mandiri {TAHUN}: 40,00 dari minimum {utama:.2f}".replace(".", ",") in html
    assert "1 realisasi diverifikasi" in html  # the first visit looks back a week

    realisasi_verify(realisasi=sesudah, by=koordinator_klaster3)
    TindakLanjutFactory(status=TindakLanjut.Status.SELESAI, diperbarui_pada=timezone.now())
    client.post("/accounts/logout/")
    html = tugas(client, pimpinan)
    assert "1 realisasi diverifikasi" in html and "1 tindak lanjut selesai" in html
    # The same session keeps its "since"; a new one starts from this visit.
    assert "1 realisasi diverifikasi" in tugas(client, pimpinan)
    client.post("/accounts/logout/")
    assert "diverifikasi" not in tugas(client, pimpinan)


def test_case_workers_and_accounts_without_a_role_get_no_to_do_list(client, petugas_kasus, tanpa_peran):
    assert tugas(client, petugas_kasus) == ""
    assert tugas(client, tanpa_peran) == ""


def data_grow(opd, klaster_id):
    """More of everything the lists read, for every role."""
    hari_ini = timezone.localdate()
    periode = periode_terbuka(batas=hari_ini - datetime.timedelta(days=1))
    PeriodeFactory(tahun=TAHUN, nomor=2, terbuka=True)
    for n in range(6):
        lain = OPDFactory()
        aksi(opd), aksi(lain)
        r = RealisasiFactory(rencana_aksi=aksi(opd), periode=periode, diajukan_pada=timezone.now())
        if n % 2:
            BuktiDukungFactory(realisasi=r)
        RealisasiFactory(
            rencana_aksi=aksi(opd), periode=periode, status=Realisasi.Status.DIKEMBALIKAN, diperiksa_pada=timezone.now()
        )
        RealisasiFactory(
            rencana_aksi=aksi(lain),
            periode=periode,
            status=Realisasi.Status.DIVERIFIKASI,
            diperiksa_pada=timezone.now(),
        )
        TindakLanjutFactory(opd=opd, batas_waktu=hari_ini - datetime.timedelta(days=n))
        TindakLanjutFactory(opd=lain, batas_waktu=hari_ini - datetime.timedelta(days=n + 1))
        TindakLanjutFactory(opd=lain, status=TindakLanjut.Status.SELESAI, diperbarui_pada=timezone.now())
        RapatFactory(mulai=timezone.now() - datetime.timedelta(days=n + 1))
        PenilaianIndikatorFactory(
            penilaian__tahun=TAHUN, indikator=Indikator.objects.filter(klaster_id=klaster_id)[n], skor=Decimal("5")
        )


# Queries of each role's list: operator (returned, periods, follow-ups), coordinator (queue), secretariat
# (late OPDs, meetings, follow-ups per OPD), leader (indicators in force, assessed indicators, region
# profile, predikat scale, realisations verified and follow-ups closed since).
@pytest.mark.parametrize(
    ("reader", "queries"),
    [("operator_dinkes", 3), ("koordinator_klaster3", 1), ("admin_user", 3), ("pimpinan", 6)],
)
def test_each_roles_list_reads_the_same_few_queries_at_two_data_sizes(
    request, reader, queries, opd_dinkes, profil, django_assert_max_num_queries
):
    user = request.getfixturevalue(reader)
    klaster_id = Klaster.objects.get(kode="III").pk
    sejak = timezone.now() - datetime.timedelta(days=1)
    with django_assert_max_num_queries(queries):
        small = tugas_saya_get(user=user, tahun=TAHUN, sejak=sejak)
    data_grow(opd_dinkes, klaster_id)
    with django_assert_max_num_queries(queries):
        large = tugas_saya_get(user=user, tahun=TAHUN, sejak=sejak)
    assert len(large.daftar) > len(small.daftar)


def test_a_date_read_as_text_by_the_embedded_database_reads_as_the_date():
    from evaluasi.tugas import _tanggal

    assert _tanggal("2026-11-03") == _tanggal(datetime.date(2026, 11, 3))
