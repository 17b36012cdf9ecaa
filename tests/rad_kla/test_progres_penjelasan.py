"""Progress explained: the expected level beside the capaian, each badge's rule one tap away, the unit kept apart."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from rad_kla.models import Realisasi
from tests.rad_kla.factories import PeriodeFactory, RealisasiFactory, RencanaAksiFactory, TargetTahunanFactory

pytestmark = pytest.mark.django_db
TAHUN = timezone.localdate().year


def aksi(*, opd=None, satuan="%", target="10.40", nilai="6.4", nomor=2, status=Realisasi.Status.DIVERIFIKASI):
    """An action with a falling or rising target reported up to quarter `nomor` of this year."""
    rencana = RencanaAksiFactory(satuan=satuan, **({"opd": opd} if opd else {}))
    TargetTahunanFactory(rencana_aksi=rencana, tahun=TAHUN, target=Decimal(target))
    RealisasiFactory(
        rencana_aksi=rencana,
        periode=PeriodeFactory(tahun=TAHUN, nomor=nomor),
        nilai_capaian=Decimal(nilai),
        status=status,
    )
    return rencana


def test_the_list_shows_the_expected_level_of_the_latest_period(client, pimpinan):
    rencana = aksi(nomor=2)
    client.force_login(pimpinan)
    html = client.get(reverse("rad_kla:index"), {"tahun": TAHUN}).content.decode()
    row = html[html.index(rencana.kode) : html.index("</tr>", html.index(rencana.kode))]
    assert "diharapkan 50%" in row
    assert "Capaian thd. target" in html


def test_each_badge_carries_its_rule_in_a_title_and_a_disclosure(client, pimpinan):
    aksi(nomor=4, nilai="1")  # far behind: Tertinggal
    client.force_login(pimpinan)
    html = client.get(reverse("rad_kla:index"), {"tahun": TAHUN}).content.decode()
    badge = html[html.index('data-testid="progres-aturan"') : html.index("</details>", html.index("progres-aturan"))]
    assert "Tertinggal" in badge
    assert 'title="Tertinggal: capaian di bawah 70% dari tingkat yang diharapkan' in badge
    assert "<summary" in badge and "<script" not in badge


def test_rad_saya_explains_progress_and_keeps_the_unit_with_the_value(client, operator_dinkes, opd_dinkes):
    aksi(opd=opd_dinkes, satuan="%", target="10.40", nilai="6.40", nomor=1)
    client.force_login(operator_dinkes)
    html = client.get(reverse("rad_kla:saya")).content.decode()
    assert "diharapkan 25%" in html
    # The indicator's own unit goes with the values; the achievement % is labelled against the target.
    assert "10,40 %" in html and "6,40 %" in html
    assert "Capaian thd. target" in html and "Sesuai target: capaian sekurang-kurangnya 85%" in html


def test_the_action_page_shows_status_rule_latest_value_and_expected_level(client, pimpinan):
    rencana = aksi(satuan="anak", target="200", nilai="150", nomor=3)
    client.force_login(pimpinan)
    html = client.get(reverse("rad_kla:detail", args=[rencana.pk])).content.decode()
    blok = html[
        html.index('data-testid="progres-aksi"') : html.index("</dl>", html.index('data-testid="progres-aksi"'))
    ]
    assert f"Progres {TAHUN}" in html
    assert "150,00 anak" in blok and f"Triwulan III {TAHUN}" in blok
    assert "75,0%" in blok and "diharapkan 75%" in blok
    assert "Sesuai target" in blok and "<details" in blok
    assert "Nilai (anak)" in html


def test_an_action_without_a_target_says_so_and_expects_nothing(client, pimpinan):
    rencana = RencanaAksiFactory()
    client.force_login(pimpinan)
    html = client.get(reverse("rad_kla:detail", args=[rencana.pk])).content.decode()
    assert "Tanpa target: aksi ini belum memiliki target" in html and "diharapkan" not in html


def test_the_unit_typed_into_the_plan_is_escaped(client, operator_dinkes, opd_dinkes):
    rencana = aksi(opd=opd_dinkes, satuan="<b>x</b>")
    client.force_login(operator_dinkes)
    for url in (reverse("rad_kla:saya"), reverse("rad_kla:detail", args=[rencana.pk])):
        html = client.get(url).content.decode()
        assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_the_action_page_needs_the_rad_permission(client, petugas_kasus):
    rencana = aksi()
    client.force_login(petugas_kasus)
    assert client.get(reverse("rad_kla:detail", args=[rencana.pk])).status_code == 403
