"""One pagination partial for every list: the next page keeps every filter of the current one."""

import html
import re

import pytest

from tests.evaluasi.factories import LaporanJobFactory
from tests.gugus_tugas.factories import UserFactory

pytestmark = pytest.mark.django_db


def next_link(content: str) -> str:
    links = re.findall(r'<a class="page-link" href="([^"]+)">', content)
    assert links, "the page has a pagination link"
    return html.unescape(links[-1])


def test_the_report_list_of_everyone_keeps_showing_everyone_on_page_two(client, admin_user, pimpinan):
    other = UserFactory(username="peminta.lain")
    for n in range(25):
        LaporanJobFactory(parameter={"tahun": 2000 + n}, diminta_oleh=other, status="selesai")
    client.force_login(admin_user)
    first = client.get("/laporan/", {"semua": "1"}).content.decode()
    link = next_link(first)
    assert "semua=1" in link and "page=2" in link
    second = client.get("/laporan/" + link).content.decode()
    assert "Semua permintaan laporan" in second
    assert "2001" in second or "2000" in second  # the oldest requests of the other user are on page 2


def test_the_rad_list_keeps_its_filters_on_the_next_page(client, admin_user):
    from tests.rad_kla.factories import RencanaAksiFactory, TargetTahunanFactory

    for n in range(30):
        TargetTahunanFactory(rencana_aksi=RencanaAksiFactory(kode=f"UJI-{n:03d}"), tahun=2025)
    client.force_login(admin_user)
    link = next_link(client.get("/rad/", {"tahun": "2025", "q": "UJI"}).content.decode())
    assert "tahun=2025" in link and "q=UJI" in link and "page=2" in link
