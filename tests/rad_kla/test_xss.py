"""Text typed by users is shown inert on the RAD pages."""

import pytest
from django.urls import reverse

from rad_kla.models import Realisasi
from tests.rad_kla.factories import RealisasiFactory, RencanaAksiFactory

pytestmark = pytest.mark.django_db

PAYLOADS = ["<script>alert('x')</script>", '"><img src=x onerror=alert(1)>']


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_are_escaped_on_every_rad_page(client, admin_user, periode_terbuka, payload):
    rencana = RencanaAksiFactory(uraian=payload, indikator_keluaran=payload, kode="XSS-1")
    realisasi = RealisasiFactory(
        rencana_aksi=rencana, periode=periode_terbuka, narasi=payload, kendala=payload, status=Realisasi.Status.DIAJUKAN
    )
    client.force_login(admin_user)
    for url in (
        reverse("rad_kla:index"),
        reverse("rad_kla:detail", args=[rencana.pk]),
        reverse("rad_kla:realisasi_detail", args=[realisasi.pk]),
        reverse("rad_kla:verifikasi"),
    ):
        html = client.get(url).content.decode()
        assert payload not in html, url
        assert "&lt;" in html or "&quot;&gt;" in html, url
