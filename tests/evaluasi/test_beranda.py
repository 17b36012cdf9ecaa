"""The dashboard per role: the road to the target, where the points are, RAD per cluster; flat query count."""

import datetime
import logging
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gugus_tugas.models import ProfilDaerah
from klaster.models import Indikator, Predikat
from rad_kla.models import Realisasi
from tests.evaluasi.factories import BuktiPenilaianFactory, PenilaianIndikatorFactory
from tests.gugus_tugas.factories import OPDFactory, RapatFactory, TindakLanjutFactory, UserFactory
from tests.rad_kla.factories import PeriodeFactory, RealisasiFactory, RencanaAksiFactory, TargetTahunanFactory

pytestmark = pytest.mark.django_db
TAHUN = timezone.localdate().year
# The to-do list above the kept part is read on every visit (tests/evaluasi/test_tugas.py counts it).
TUGAS = {"admin_user": 3, "operator_dinkes": 3, "koordinator_klaster3": 1, "pimpinan": 6}


@pytest.fixture(autouse=True)
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


def penilaian(kode: str, skor: str, bukti: bool = False):
    item = PenilaianIndikatorFactory(
        penilaian__tahun=TAHUN, indikator=Indikator.objects.get(kode=kode), skor=Decimal(skor)
    )
    if bukti:
        BuktiPenilaianFactory(penilaian_indikator=item)
    return item


def rad(kode_indikator: str, n: int, opd=None):
    indikator = Indikator.objects.get(kode=kode_indikator)
    rencana = RencanaAksiFactory(indikator=indikator, opd=opd or OPDFactory())
    TargetTahunanFactory(rencana_aksi=rencana, tahun=TAHUN, target=Decimal("10"), pagu=50_000_000)
    RealisasiFactory(
        rencana_aksi=rencana,
        periode=PeriodeFactory(tahun=TAHUN, nomor=1, batas_lapor=datetime.date(TAHUN, 1, 1)),
        nilai_capaian=Decimal(n),
        status=Realisasi.Status.DIVERIFIKASI,
    )
    return rencana


def test_admin_sees_the_score_the_target_and_the_points_missing(client, admin_user):
    penilaian("1", "40.00", bukti=True)
    penilaian("2", "30.00")
    client.force_login(admin_user)
    html = client.get("/").content.decode()
    assert 'data-testid="skor-total">70,00' in html
    assert 'data-testid="skor-didukung">40,00' in html
    assert 'data-testid="poin-kurang">731,00' in html
    assert "Utama" in html and 'data-testid="tabel-skala"' in html


def test_the_largest_gaps_link_to_their_rad_actions(client, pimpinan):
    for item in Indikator.objects.exclude(kode="21"):
        penilaian(item.kode, str(item.bobot - 1))
    rencana = rad("21", 5)
    client.force_login(pimpinan)
    html = client.get("/").content.decode()
    gaps = html[html.index('data-testid="selisih-terbesar"') : html.index('data-testid="rad-klaster"')]
    indikator21 = Indikator.objects.get(kode="21")
    assert f'href="/rad/?indikator={indikator21.pk}"' in gaps
    assert rencana.kode in gaps and rencana.opd.singkatan in gaps
    assert "21. " in gaps


def test_a_gap_lists_its_first_three_actions_and_counts_them_all(client, pimpinan):
    for item in Indikator.objects.exclude(kode="21"):
        penilaian(item.kode, str(item.bobot - 1))
    made = sorted((rad("21", n) for n in range(1, 6)), key=lambda r: r.kode)
    client.force_login(pimpinan)
    response = client.get("/")
    row = next(row for row in response.context["selisih"] if row[0].indikator.kode == "21")
    assert [r.kode for r in row[1]] == [r.kode for r in made[:3]]
    assert row[2] == 5
    assert row[1][0].capaian_persen == pytest.approx(10.0)


def test_charts_have_data_blocks_a_static_script_and_a_table_fallback(client, pimpinan):
    client.force_login(pimpinan)
    html = client.get("/").content.decode()
    assert '<script id="grafik-rad-data" type="application/json">' in html
    assert "/static/js/beranda.js" in html and "/static/vendor/chartjs/chart.umd.min.js" in html
    inline = [m for m in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html) if "application/json" not in m]
    assert inline == []
    # The content security policy allows no inline style either.
    assert ' style="' not in html
    assert 'data-testid="rad-klaster"' in html and "<table" in html


def test_pimpinan_sees_case_trends_and_cluster_iii_coordinator_does_not(client, pimpinan, koordinator_klaster3):
    client.force_login(pimpinan)
    assert 'data-testid="tren-kasus"' in client.get("/").content.decode()
    client.force_login(koordinator_klaster3)
    assert 'data-testid="tren-kasus"' not in client.get("/").content.decode()


def test_a_coordinator_sees_only_their_cluster(client, koordinator_klaster3):
    penilaian("14", "30.00")
    penilaian("21", "20.00")
    client.force_login(koordinator_klaster3)
    html = client.get("/").content.decode()
    assert 'data-testid="skor-total">30,00' in html
    assert 'data-testid="poin-kurang"' not in html


def test_overdue_follow_ups_and_upcoming_meetings_are_listed(client, admin_user):
    besok = timezone.now() + datetime.timedelta(days=3)
    RapatFactory(judul="Rakor persiapan verifikasi", mulai=besok)
    rapat_lalu = RapatFactory(mulai=timezone.now() - datetime.timedelta(days=60))
    TindakLanjutFactory(
        rapat=rapat_lalu,
        uraian="Lengkapi data akta kelahiran",
        batas_waktu=timezone.localdate() - datetime.timedelta(days=5),
    )
    client.force_login(admin_user)
    html = client.get("/").content.decode()
    assert "Rakor persiapan verifikasi" in html and "Lengkapi data akta kelahiran" in html


def test_an_operator_sees_their_rad_summary(client, operator_dinkes, opd_dinkes):
    rencana = rad("14", 9, opd=opd_dinkes)
    client.force_login(operator_dinkes)
    html = client.get("/").content.decode()
    assert 'data-testid="rad-saya"' in html and rencana.kode in html and 'href="/rad/saya/"' in html
    assert 'data-testid="menuju-target"' not in html


def test_an_operator_counts_only_their_own_actions(client, operator_dinkes, opd_dinkes):
    rad("14", 9, opd=opd_dinkes)
    rad("15", 1, opd=opd_dinkes)
    rad("16", 9)  # another OPD's action
    client.force_login(operator_dinkes)
    html = client.get("/").content.decode()
    assert "(2 aksi)" in html


def test_a_case_worker_is_pointed_to_the_cases(client, petugas_kasus):
    client.force_login(petugas_kasus)
    html = client.get("/").content.decode()
    assert 'data-testid="ke-kasus"' in html and 'data-testid="menuju-target"' not in html


@pytest.fixture
def tanpa_cache(settings):
    """Every request computes the dashboard, so its queries can be counted."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def test_dashboard_query_count_does_not_grow_with_data(client, admin_user, tanpa_cache):
    client.force_login(admin_user)
    penilaian("1", "40.00", bukti=True)
    rad("21", 3)
    client.get("/")
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    for kode in ("2", "3", "4", "5", "6", "7", "8"):
        penilaian(kode, "20.00", bukti=True)
    for kode in ("21", "22", "23", "24", "7", "8"):
        rad(kode, 4)
        rad(kode, 6)
    rapat = RapatFactory(mulai=timezone.now() + datetime.timedelta(days=2))
    for _n in range(4):
        TindakLanjutFactory(
            rapat=RapatFactory(mulai=timezone.now() - datetime.timedelta(days=40)),
            batas_waktu=timezone.localdate() - datetime.timedelta(days=1),
        )
        RapatFactory(mulai=timezone.now() + datetime.timedelta(days=5))
    assert rapat.pk
    with CaptureQueriesContext(connection) as large:
        client.get("/")
    assert len(large) == len(small)


def tanpa_token(html: str) -> str:
    """The page without its per-request CSRF tokens."""
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', "", html)


def test_a_repeated_visit_is_served_from_the_cache_until_a_record_changes(client, admin_user):
    client.force_login(admin_user)
    penilaian("1", "40.00", bukti=True)
    first = tanpa_token(client.get("/").content.decode())
    with CaptureQueriesContext(connection) as again:
        second = tanpa_token(client.get("/").content.decode())
    assert second == first
    assert len(again) <= 6 + TUGAS["admin_user"]
    # A new overdue follow-up is a save in a domain app: the next visit shows it.
    TindakLanjutFactory(
        uraian="Tindak lanjut baru yang terlambat",
        rapat=RapatFactory(mulai=timezone.now() - datetime.timedelta(days=40)),
        batas_waktu=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert "Tindak lanjut baru yang terlambat" in client.get("/").content.decode()


def test_each_reader_gets_their_own_dashboard(client, admin_user, pimpinan):
    client.force_login(admin_user)
    client.get("/")
    client.force_login(pimpinan)
    html = client.get("/").content.decode()
    assert f"Selamat datang, {pimpinan}" in html
    assert f"Selamat datang, {admin_user}" not in html


def test_the_dashboard_works_while_the_cache_is_down(client, pimpinan, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    penilaian("1", "40.00", bukti=True)
    client.force_login(pimpinan)
    response = client.get("/")
    assert response.status_code == 200
    assert f"Selamat datang, {pimpinan}" in response.content.decode()
    assert "Penilaian mandiri" in response.content.decode()


def test_a_cache_outage_writes_one_warning_line_per_call_without_a_traceback(client, pimpinan, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    client.force_login(pimpinan)
    with caplog.at_level(logging.WARNING, logger="evaluasi.dashboard"):
        assert client.get("/").status_code == 200
    records = [r for r in caplog.records if r.name == "evaluasi.dashboard"]
    assert records and all(r.levelno == logging.WARNING for r in records)
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in records)
    assert "ConnectionError" in records[0].getMessage()


def test_a_login_does_not_empty_the_dashboard_cache_of_everyone(client, admin_user, pimpinan):
    from django.core.cache import cache

    from evaluasi.dashboard import _VERSI_KEY

    client.force_login(admin_user)
    client.get("/")
    keys = [_VERSI_KEY.format(app=app) for app in ("gugus_tugas", "evaluasi", "rad_kla")]
    versi = cache.get_many(keys)
    client.force_login(pimpinan)  # saves pimpinan.last_login
    client.post("/accounts/logout/")
    client.force_login(admin_user)
    assert cache.get_many(keys) == versi
    with CaptureQueriesContext(connection) as again:
        client.get("/")
    assert len(again) <= 6 + TUGAS["admin_user"]


def test_a_change_in_an_app_a_dashboard_does_not_read_leaves_it_cached(client, operator_dinkes, pimpinan, opd_dinkes):
    from tests.kasus.factories import KasusFactory, KelurahanFactory

    rad("14", 5, opd=opd_dinkes)
    kelurahan, petugas = KelurahanFactory(), UserFactory()  # the case's place and author exist beforehand
    for user in (operator_dinkes, pimpinan):
        client.force_login(user)
        client.get("/")
    KasusFactory(kelurahan=kelurahan, dibuat_oleh=petugas)  # leaders' dashboards show case figures, operators' not
    client.force_login(operator_dinkes)
    with CaptureQueriesContext(connection) as operator:
        client.get("/")
    client.force_login(pimpinan)
    with CaptureQueriesContext(connection) as leader:
        client.get("/")
    assert len(operator) <= 6 + TUGAS["operator_dinkes"] < len(leader) - TUGAS["pimpinan"]
    # A RAD change reaches the operator at once.
    rad("14", 7, opd=opd_dinkes)
    client.force_login(operator_dinkes)
    with CaptureQueriesContext(connection) as again:
        client.get("/")
    assert len(again) > 6 + TUGAS["operator_dinkes"]


def test_the_gap_table_prints_the_bobot_with_its_decimals(client, pimpinan):
    for item in Indikator.objects.exclude(kode="21"):
        penilaian(item.kode, str(item.bobot - 1))
    penilaian("21", "31.71")
    indikator21 = Indikator.objects.get(kode="21")
    assert indikator21.bobot != indikator21.bobot.to_integral_value()
    client.force_login(pimpinan)
    html = client.get("/").content.decode()
    gaps = html[html.index('data-testid="selisih-terbesar"') : html.index('data-testid="rad-klaster"')]
    bobot = f"{indikator21.bobot:.2f}".replace(".", ",")
    assert f"31,71 / {bobot}</td>" in gaps


def dashboard_data_grow():
    """More of everything the leaders' dashboard reads: scores with evidence, actions, reports, follow-ups, meetings."""
    for kode in ("2", "3", "4", "5", "6", "7", "8", "14", "15"):
        penilaian(kode, "20.00", bukti=True)
    for kode in ("14", "15", "21", "22", "23", "24", "7", "8"):
        for n in (2, 4, 6, 12):
            rad(kode, n)
    for _n in range(7):
        TindakLanjutFactory(
            rapat=RapatFactory(mulai=timezone.now() - datetime.timedelta(days=40)),
            batas_waktu=timezone.localdate() - datetime.timedelta(days=1),
            klaster=Indikator.objects.get(kode="14").klaster,
        )
        RapatFactory(mulai=timezone.now() + datetime.timedelta(days=5))


@pytest.mark.parametrize("reader", ["pimpinan", "koordinator_klaster3", "admin_user"])
def test_the_leaders_dashboard_reads_the_same_few_queries_at_two_data_sizes(
    client, request, reader, tanpa_cache, django_assert_max_num_queries
):
    user = request.getfixturevalue(reader)
    client.force_login(user)
    penilaian("1", "40.00", bukti=True)
    rad("21", 3)
    client.get("/")
    # Session, reader, their OPD or cluster, two permission reads, unread notifications; region profile,
    # decree, indicators, predikat scale, assessed indicators, top actions, RAD per cluster, periods,
    # completeness, overdue follow-ups, meetings, case cube; and the reader's to-do list.
    with django_assert_max_num_queries(18 + TUGAS[reader]):
        small = client.get("/")
    dashboard_data_grow()
    with django_assert_max_num_queries(18 + TUGAS[reader]):
        large = client.get("/")
    assert small.status_code == large.status_code == 200
    assert 'data-testid="menuju-target"' in large.content.decode()


def test_the_completeness_table_follows_a_new_target_and_a_report(client, pimpinan, tanpa_cache):
    opd = OPDFactory(singkatan="DisUji")
    periode = PeriodeFactory(tahun=TAHUN, nomor=1, batas_lapor=datetime.date(TAHUN, 1, 1))
    rencana = RencanaAksiFactory(indikator=Indikator.objects.get(kode="14"), opd=opd)
    RencanaAksiFactory(indikator=Indikator.objects.get(kode="14"), opd=opd)  # no target this year: not due
    client.force_login(pimpinan)

    def baris() -> str:
        html = client.get("/").content.decode()
        tabel = html[html.index('data-testid="kelengkapan"') : html.index('data-testid="tindak-lanjut-terlambat"')]
        # Each cell's column name (for the phone cards) aside, the rows as they read.
        return re.sub(r"\s+", " ", re.sub(r' data-label="[^"]*"', "", tabel))

    assert "DisUji" not in baris()
    TargetTahunanFactory(rencana_aksi=rencana, tahun=TAHUN, target=Decimal("10"), pagu=1_000_000)
    assert (
        '<tr><td>DisUji</td><td class="text-end">1</td><td class="text-end">0</td>'
        '<td class="text-end">0</td><td class="text-end">0%</td></tr>'
    ) in baris()
    RealisasiFactory(
        rencana_aksi=rencana,
        periode=periode,
        nilai_capaian=Decimal("4"),
        status=Realisasi.Status.DIAJUKAN,
        diajukan_pada=timezone.make_aware(datetime.datetime(TAHUN - 1, 12, 20, 9)),
    )
    assert (
        '<tr><td>DisUji</td><td class="text-end">1</td><td class="text-end">1</td>'
        '<td class="text-end">1</td><td class="text-end">100%</td></tr>'
    ) in baris()


def test_rad_per_cluster_caps_over_achievement_and_sums_the_pagu(client, pimpinan, tanpa_cache):
    rad("14", 30)  # 300 % of the target counts as 100 %
    rad("15", 5)  # 50 %
    client.force_login(pimpinan)
    html = client.get("/").content.decode()
    tabel = re.sub(
        r' data-label="[^"]*"',
        "",
        html[html.index('data-testid="rad-klaster"') : html.index('data-testid="kelengkapan"')],
    )
    iii = Indikator.objects.get(kode="14").klaster.nama
    bobot14, bobot15 = (Indikator.objects.get(kode=k).bobot for k in ("14", "15"))
    capaian = f"{(100 * bobot14 + 50 * bobot15) / (bobot14 + bobot15):.1f}".replace(".", ",")
    assert (
        f'<tr><td>{iii}</td><td class="text-end">2</td><td class="text-end">{capaian}%</td>'
        f'<td class="text-end text-nowrap">Rp 100.000.000</td>'
    ) in tabel


def test_upcoming_meetings_start_today_and_leave_out_past_and_draft_ones(client, pimpinan, tanpa_cache):
    hari_ini = timezone.localdate()
    awal_hari = timezone.make_aware(datetime.datetime.combine(hari_ini, datetime.time(0, 30)))
    RapatFactory(judul="Rapat pagi ini", mulai=awal_hari)
    RapatFactory(judul="Rapat kemarin", mulai=awal_hari - datetime.timedelta(days=1))
    RapatFactory(judul="Rapat draf", mulai=awal_hari + datetime.timedelta(days=2), status="draft")
    RapatFactory(judul="Rapat selesai", mulai=awal_hari + datetime.timedelta(days=2), status="selesai")
    client.force_login(pimpinan)
    html = client.get("/").content.decode()
    daftar = html[html.index('data-testid="rapat-mendatang"') :]
    assert "Rapat pagi ini" in daftar
    assert "Rapat kemarin" not in daftar and "Rapat draf" not in daftar and "Rapat selesai" not in daftar


def test_overdue_follow_ups_of_draft_meetings_are_for_the_secretariat_and_a_coordinator_sees_their_cluster(
    client, admin_user, pimpinan, koordinator_klaster3, tanpa_cache
):
    lewat = timezone.localdate() - datetime.timedelta(days=2)
    lalu = timezone.now() - datetime.timedelta(days=30)
    iii = Indikator.objects.get(kode="14").klaster
    TindakLanjutFactory(uraian="Terlambat klaster tiga", rapat=RapatFactory(mulai=lalu), batas_waktu=lewat, klaster=iii)
    TindakLanjutFactory(uraian="Terlambat tanpa klaster", rapat=RapatFactory(mulai=lalu), batas_waktu=lewat)
    TindakLanjutFactory(
        uraian="Terlambat rapat draf", rapat=RapatFactory(mulai=lalu, status="draft"), batas_waktu=lewat
    )
    TindakLanjutFactory(uraian="Sudah selesai", rapat=RapatFactory(mulai=lalu), batas_waktu=lewat, status="selesai")
    TindakLanjutFactory(uraian="Belum lewat", rapat=RapatFactory(mulai=lalu))

    def terlambat(user) -> tuple[str, str]:
        client.force_login(user)
        html = client.get("/").content.decode()
        bagian = html[html.index('data-testid="tindak-lanjut-terlambat"') : html.index('data-testid="rapat-mendatang"')]
        return re.search(r'badge text-bg-danger">(\d+)<', bagian).group(1), bagian

    jumlah, bagian = terlambat(admin_user)
    assert jumlah == "3" and "Terlambat rapat draf" in bagian
    jumlah, bagian = terlambat(pimpinan)
    assert jumlah == "2" and "Terlambat rapat draf" not in bagian and "Terlambat klaster tiga" in bagian
    assert "Sudah selesai" not in bagian and "Belum lewat" not in bagian
    jumlah, bagian = terlambat(koordinator_klaster3)
    assert jumlah == "1" and "Terlambat klaster tiga" in bagian and "Terlambat tanpa klaster" not in bagian
