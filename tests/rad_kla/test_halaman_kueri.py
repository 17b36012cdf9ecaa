"""The RAD list and an action's page read a fixed number of queries however much data there is."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gugus_tugas.models import TindakLanjut
from klaster.models import Indikator, Klaster
from rad_kla.filters import RencanaFilter
from rad_kla.models import Realisasi
from rad_kla.selectors import RENCANA_BARIS, rencana_list, rencana_urut_list
from tests.gugus_tugas.factories import OPDFactory, RapatFactory, TindakLanjutFactory
from tests.rad_kla.factories import (
    BuktiDukungFactory,
    PeriodeFactory,
    RealisasiFactory,
    RencanaAksiFactory,
    TargetTahunanFactory,
)

pytestmark = pytest.mark.django_db


def queries(client, url, params=None) -> list[str]:
    client.get(url, params)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def make_actions(n: int, opd) -> None:
    for _ in range(n):
        rencana = RencanaAksiFactory(opd=opd)
        TargetTahunanFactory(rencana_aksi=rencana, tahun=2025)
        RealisasiFactory(rencana_aksi=rencana, periode=PeriodeFactory(nomor=1), nilai_capaian=Decimal("3"))
    OPDFactory()


def grow_action(rencana, n: int) -> None:
    """n more years of targets, reports with evidence, related OPDs and follow-ups linked or to link."""
    start = 2025 + rencana.target.count()
    for tahun in range(start, start + n):
        TargetTahunanFactory(rencana_aksi=rencana, tahun=tahun, target=Decimal("12.5"))
        for nomor in (1, 2):
            realisasi = RealisasiFactory(
                rencana_aksi=rencana,
                periode=PeriodeFactory(tahun=tahun, nomor=nomor, terbuka=nomor == 2),
                status=Realisasi.Status.DRAFT if nomor == 2 else Realisasi.Status.DIVERIFIKASI,
            )
            BuktiDukungFactory(realisasi=realisasi)
        terkait = OPDFactory()
        rencana.opd_terkait.add(terkait)
        rapat = RapatFactory()
        rencana.tindak_lanjut.add(TindakLanjutFactory(rapat=rapat, opd=rencana.opd))
        TindakLanjutFactory(rapat=rapat, opd=terkait, batas_waktu=datetime.date(tahun, 6, 30))


@pytest.mark.parametrize("fixture", ["admin_user", "operator_dinkes", "pimpinan"])
@pytest.mark.parametrize("params", [{"tahun": 2025}, {"tahun": 2025, "q": "Puskesmas", "status": "diajukan"}])
def test_the_list_reads_as_many_queries_for_many_actions_as_for_few(client, request, opd_dinkes, fixture, params):
    client.force_login(request.getfixturevalue(fixture))
    make_actions(3, opd_dinkes)
    small = queries(client, reverse("rad_kla:index"), params)
    make_actions(40, opd_dinkes)
    assert len(queries(client, reverse("rad_kla:index"), params)) == len(small)


def test_the_lists_filter_form_reads_each_choice_list_once_without_counting_it(client, pimpinan, opd_dinkes):
    make_actions(2, opd_dinkes)
    client.force_login(pimpinan)
    sql = queries(client, reverse("rad_kla:index"), {"tahun": 2025})
    for table in ("klaster_klaster", "klaster_indikator", "gugus_tugas_opd"):
        reads = [q for q in sql if q.startswith(f'SELECT "{table}"."id"') and "COUNT(" not in q]
        assert len(reads) == 1, table
        count = f'SELECT COUNT(*) AS "__count" FROM "{table}"'  # noqa: S608 - matched against, never run
        assert not any(q.startswith(count) for q in sql), table


@pytest.mark.parametrize("fixture", ["operator_dinkes", "admin_user", "pimpinan", "koordinator_klaster3"])
def test_an_actions_page_reads_as_many_queries_for_a_long_history_as_for_a_short_one(client, request, rencana, fixture):
    client.force_login(request.getfixturevalue(fixture))
    grow_action(rencana, 1)
    url = reverse("rad_kla:detail", args=[rencana.pk])
    small = queries(client, url, {"tahun": 2025})
    grow_action(rencana, 5)
    large = queries(client, url, {"tahun": 2025})
    assert len(large) == len(small)
    # Four of the page's own (the action, its reports, its yearly progress, the follow-ups) beside the six of
    # every page (session, user, region, two of permissions, notifications); a coordinator's cluster one more.
    assert len(large) == (11 if fixture == "koordinator_klaster3" else 10)
    # The action comes with its related OPDs and the open periods in one query.
    (action,) = [q for q in large if q.startswith('SELECT "rad_kla_rencanaaksi"."id"')]
    for table in ("rad_kla_rencanaaksi_opd_terkait", "rad_kla_periodepelaporan"):
        assert f'"{table}"' in action, table
    assert not any(
        q.startswith(('SELECT "rad_kla_periodepelaporan"', 'SELECT ("rad_kla_rencanaaksi_opd')) for q in large
    )
    # Linked and linkable follow-ups come from one query.
    assert sum('FROM "gugus_tugas_tindaklanjut"' in q for q in large) == 1


def test_an_actions_page_shows_each_years_target_and_the_follow_ups_it_may_link(client, operator_dinkes, rencana):
    grow_action(rencana, 2)
    client.force_login(operator_dinkes)
    html = client.get(reverse("rad_kla:detail", args=[rencana.pk]), {"tahun": 2025}).content.decode()
    for tahun, target in ((2025, "10,00"), (2026, "12,50"), (2027, "12,50")):
        assert f'<td>{tahun}</td><td class="text-end">{target} puskesmas</td>' in html
    linked = list(rencana.tindak_lanjut.all())
    linkable = list(TindakLanjut.objects.exclude(pk__in=[t.pk for t in linked]))
    assert len(linked) == 2 and len(linkable) == 2
    for tl in linked:
        assert reverse("gugus_tugas:tindak_lanjut_detail", args=[tl.pk]) in html
        assert f'<option value="{tl.pk}">' not in html
    for tl in linkable:
        assert f'<option value="{tl.pk}">{tl.batas_waktu:%d/%m/%Y} · {tl.uraian}' in html


def test_the_filter_forms_options_read_as_the_models_names(opd_dinkes):
    OPDFactory(singkatan="Disdik & <Pora>")
    form = RencanaFilter({}, tahun=2025).form
    for name in ("klaster", "indikator", "opd"):
        field = form.fields[name]
        expected = [str(obj) for obj in field.queryset]
        assert [label for value, label in field.choices][1:] == expected, name
        assert [value for value, label in field.choices][1:] == [obj.pk for obj in field.queryset], name


@pytest.mark.parametrize("params", [{}, {"q": "K-1"}, {"opd": "mine"}, {"klaster": "twin"}])
def test_a_page_of_the_list_holds_the_actions_rencana_list_orders_there(opd_dinkes, admin_user, params):
    indikator = list(Indikator.objects.order_by("-urutan", "pk")[:6])
    # Two indicators with the same order in the same cluster sort their actions by code together.
    klaster = Klaster.objects.annotate(n=Count("indikator")).filter(n__gt=1).order_by("urutan").first()
    first, twin = Indikator.objects.filter(klaster=klaster).order_by("pk")[:2]
    Indikator.objects.filter(pk=twin.pk).update(urutan=first.urutan)
    indikator += [first, twin]
    for n in range(70):
        opd = opd_dinkes if n % 3 else OPDFactory()
        RencanaAksiFactory(kode=f"K-{(n * 37) % 70:02d}", indikator=indikator[n % len(indikator)], opd=opd)
    data = {**params}
    if data.get("opd") == "mine":
        data["opd"] = opd_dinkes.pk
    if data.get("klaster") == "twin":
        data["klaster"] = klaster.pk
    expected = list(
        rencana_list(user=admin_user, tahun=2025, filterset=RencanaFilter(data, user=admin_user, tahun=2025)).values(
            *RENCANA_BARIS
        )
    )
    urut = rencana_urut_list(tahun=2025, filterset=RencanaFilter(data, user=admin_user, tahun=2025))
    assert urut.count() == len(expected) > 0
    for start in range(0, len(expected) + 1, 3):
        for size in (1, 4, 25):
            assert urut[start : start + size] == expected[start : start + size], (start, size)


def test_the_capaian_cell_shows_the_expected_level_only_with_a_target_and_a_period():
    assert render_to_string("rad_kla/_capaian.html", {"capaian": 50.0, "porsi": 0.5}).strip() == (
        '<span data-testid="capaian">50,0%</span>'
    )
    html = render_to_string("rad_kla/_capaian.html", {"capaian": 62.25, "porsi": 0.75, "target": Decimal("4")})
    assert html.strip() == (
        '<span data-testid="capaian">62,3%</span>'
        '<div class="small text-muted text-nowrap" data-testid="diharapkan">diharapkan 75%</div>'
    )
    assert render_to_string("rad_kla/_capaian.html", {"porsi": 0.5, "target": None}).strip() == "–"
