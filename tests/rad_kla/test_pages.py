"""RAD pages: filters, RAD saya, roll-ups, periods; query counts stay flat as data grows."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klaster.models import Klaster
from rad_kla.models import PeriodePelaporan, Realisasi
from tests.gugus_tugas.factories import OPDFactory
from tests.rad_kla.factories import PeriodeFactory, RealisasiFactory, RencanaAksiFactory, TargetTahunanFactory

pytestmark = pytest.mark.django_db


def make_actions(n: int, opd=None):
    for _ in range(n):
        rencana = RencanaAksiFactory(opd=opd or OPDFactory())
        TargetTahunanFactory(rencana_aksi=rencana, tahun=2025)
        RealisasiFactory(rencana_aksi=rencana, periode=PeriodeFactory(nomor=1), nilai_capaian=Decimal("3"))


def count_queries(client, url, params=None) -> int:
    client.get(url, params)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, params)
    return len(ctx)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("rad_kla:index", {"tahun": 2025}),
        ("rad_kla:index", {"tahun": 2025, "q": "Puskesmas"}),
        ("rad_kla:index", {"tahun": 2025, "progres": "terlambat"}),
        ("rad_kla:index", {"tahun": 2025, "progres": "sesuai"}),
        ("rad_kla:rekap", {"tahun": 2025}),
        ("rad_kla:verifikasi", {}),
        ("rad_kla:saya", {}),
    ],
)
def test_query_count_does_not_grow_with_data(client, admin_user, url, params):
    client.force_login(admin_user)
    make_actions(3, opd=admin_user.opd)
    small = count_queries(client, reverse(url), params)
    make_actions(30, opd=admin_user.opd)
    assert count_queries(client, reverse(url), params) == small


def test_list_filters_by_cluster_opd_and_text(client, pimpinan, opd_dinkes):
    a = RencanaAksiFactory(kode="A-1", opd=opd_dinkes, indikator_keluaran="Posyandu aktif")
    b = RencanaAksiFactory(kode="B-1", indikator_keluaran="Forum anak kelurahan")
    b.indikator = b.indikator.__class__.objects.get(kode="6")
    b.save()
    client.force_login(pimpinan)
    html = client.get(reverse("rad_kla:index"), {"klaster": Klaster.objects.get(kode="III").pk}).content.decode()
    assert "A-1" in html and "B-1" not in html
    html = client.get(reverse("rad_kla:index"), {"opd": b.opd_id}).content.decode()
    assert "B-1" in html and "A-1" not in html
    html = client.get(reverse("rad_kla:index"), {"q": "forum"}).content.decode()
    assert "B-1" in html and "A-1" not in html
    assert a.pk != b.pk


def test_list_checks_each_chosen_filter_once(client, pimpinan, opd_dinkes):
    rencana = RencanaAksiFactory(opd=opd_dinkes)
    klaster = rencana.indikator.klaster
    client.force_login(pimpinan)
    params = {"tahun": 2025, "klaster": klaster.pk, "indikator": rencana.indikator_id, "opd": opd_dinkes.pk}
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("rad_kla:index"), params).content.decode()
    assert rencana.kode in html
    lookups = {
        "klaster": f'"klaster_klaster"."id" = {klaster.pk} LIMIT',
        "indikator": f'"klaster_indikator"."id" = {rencana.indikator_id} LIMIT',
        "opd": f'"gugus_tugas_opd"."id" = {opd_dinkes.pk}) LIMIT',
    }
    counted = {name: sum(sql in q["sql"] for q in ctx.captured_queries) for name, sql in lookups.items()}
    assert counted == {"klaster": 1, "indikator": 1, "opd": 1}


def test_list_paginates_and_keeps_filters(client, pimpinan, opd_dinkes):
    for n in range(30):
        RencanaAksiFactory(kode=f"P-{n:02d}", opd=opd_dinkes)
    client.force_login(pimpinan)
    html = client.get(reverse("rad_kla:index"), {"opd": opd_dinkes.pk}).content.decode()
    assert "Halaman 1 dari 2" in html
    assert f"opd={opd_dinkes.pk}&amp;page=2" in html


def test_empty_filter_result_says_so(client, pimpinan):
    client.force_login(pimpinan)
    assert "Tidak ada rencana aksi yang cocok" in client.get(reverse("rad_kla:index"), {"q": "zzz"}).content.decode()


def test_rad_saya_shows_only_the_users_opd_and_open_periods(client, operator_dinkes, opd_dinkes, periode_terbuka):
    RencanaAksiFactory(kode="MILIK-DINKES", opd=opd_dinkes)
    RencanaAksiFactory(kode="MILIK-LAIN")
    client.force_login(operator_dinkes)
    html = client.get(reverse("rad_kla:saya")).content.decode()
    assert "MILIK-DINKES" in html and "MILIK-LAIN" not in html
    assert periode_terbuka.label in html
    assert "Isi realisasi" in html


def test_rekap_shows_every_cluster(client, pimpinan):
    make_actions(2)
    client.force_login(pimpinan)
    html = client.get(reverse("rad_kla:rekap"), {"tahun": 2025}).content.decode()
    for nama in Klaster.objects.values_list("nama", flat=True):
        assert nama in html
    assert "Kelengkapan" in html


def test_admin_creates_and_opens_periods(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("rad_kla:periode"), {"tahun": 2026, "jenis": "triwulan"})
    assert response.status_code == 302
    assert PeriodePelaporan.objects.filter(tahun=2026).count() == 4
    client.post(reverse("rad_kla:periode"), {"tahun": 2026, "jenis": "triwulan"})
    assert PeriodePelaporan.objects.filter(tahun=2026).count() == 4
    q4 = PeriodePelaporan.objects.get(tahun=2026, nomor=4)
    assert (q4.selesai.month, q4.selesai.day, q4.batas_lapor.day) == (12, 31, 15)
    client.post(reverse("rad_kla:periode_status", args=[q4.pk]), {"terbuka": "1"})
    q4.refresh_from_db()
    assert q4.terbuka


def test_semester_periods_end_in_june_and_december(client, admin_user):
    client.force_login(admin_user)
    client.post(reverse("rad_kla:periode"), {"tahun": 2027, "jenis": "semester"})
    ends = [p.selesai.isoformat() for p in PeriodePelaporan.objects.filter(tahun=2027).order_by("nomor")]
    assert ends == ["2027-06-30", "2027-12-31"]


@pytest.mark.parametrize("fixture", ["operator_dinkes", "koordinator_klaster3", "pimpinan"])
def test_only_the_admin_manages_periods(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("rad_kla:periode")).status_code == 403
    periode = PeriodeFactory(terbuka=False)
    assert client.post(reverse("rad_kla:periode_status", args=[periode.pk]), {"terbuka": "1"}).status_code == 403
    periode.refresh_from_db()
    assert not periode.terbuka


def test_rad_saya_shows_each_open_periods_report_and_what_was_returned(
    client, operator_dinkes, opd_dinkes, periode_terbuka
):
    kosong = RencanaAksiFactory(kode="BELUM-LAPOR", opd=opd_dinkes)
    diajukan = RencanaAksiFactory(kode="SUDAH-DIAJUKAN", opd=opd_dinkes)
    RealisasiFactory(rencana_aksi=diajukan, periode=periode_terbuka)
    kembali = RencanaAksiFactory(kode="DIKEMBALIKAN", opd=opd_dinkes)
    RealisasiFactory(
        rencana_aksi=kembali,
        periode=periode_terbuka,
        status=Realisasi.Status.DIKEMBALIKAN,
        catatan_verifikator="Lampirkan foto kegiatan.",
    )
    lain = RealisasiFactory(
        periode=periode_terbuka, status=Realisasi.Status.DIKEMBALIKAN, catatan_verifikator="Catatan OPD lain."
    )
    client.force_login(operator_dinkes)
    html = client.get(reverse("rad_kla:saya")).content.decode()
    label = periode_terbuka.label
    assert reverse("rad_kla:realisasi_isi", args=[kosong.pk, periode_terbuka.pk]) in html
    assert f"Isi realisasi {label}" in html
    assert f"Lihat realisasi {label}" in html
    assert f"Perbaiki DIKEMBALIKAN {label}" in html
    assert "Lampirkan foto kegiatan." in html
    assert "Catatan OPD lain." not in html and lain.rencana_aksi.kode not in html
    assert html.count(f"Isi realisasi {label}") == 1


def test_a_return_in_a_closed_period_links_to_the_report_not_the_form(
    client, operator_dinkes, opd_dinkes, periode_tertutup
):
    realisasi = RealisasiFactory(
        rencana_aksi=RencanaAksiFactory(opd=opd_dinkes),
        periode=periode_tertutup,
        status=Realisasi.Status.DIKEMBALIKAN,
        catatan_verifikator="Terlambat diperbaiki.",
    )
    client.force_login(operator_dinkes)
    html = client.get(reverse("rad_kla:saya")).content.decode()
    assert "Terlambat diperbaiki." in html
    assert reverse("rad_kla:realisasi_detail", args=[realisasi.pk]) in html
    assert reverse("rad_kla:realisasi_isi", args=[realisasi.rencana_aksi_id, periode_tertutup.pk]) not in html


def test_rad_saya_query_count_stays_flat_with_reports_and_returns(client, operator_dinkes, opd_dinkes, periode_terbuka):
    def add(n):
        for _ in range(n):
            for status in (Realisasi.Status.DIAJUKAN, Realisasi.Status.DIKEMBALIKAN):
                RealisasiFactory(
                    rencana_aksi=RencanaAksiFactory(opd=opd_dinkes), periode=periode_terbuka, status=status
                )

    client.force_login(operator_dinkes)
    add(2)
    small = count_queries(client, reverse("rad_kla:saya"))
    add(15)
    assert count_queries(client, reverse("rad_kla:saya")) == small
