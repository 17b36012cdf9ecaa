"""The read-only framework pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klaster.models import Indikator, Klaster

pytestmark = pytest.mark.django_db


def test_it_lists_every_cluster_and_indicator(client, operator_dinkes):
    client.force_login(operator_dinkes)
    response = client.get(reverse("klaster:index"), {"tahun": 2025})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Klaster V – Perlindungan Khusus" in html
    assert "Perkawinan anak" in html
    assert 'data-testid="bobot-total">1.000,00' in html


def test_query_count_does_not_grow_with_indicators(client, operator_dinkes, django_assert_num_queries):
    client.force_login(operator_dinkes)
    url = reverse("klaster:index")
    client.get(url)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as before:
        client.get(url, {"tahun": 2025})
    klaster = Klaster.objects.get(kode="III")
    for n in range(10):
        Indikator.objects.create(
            kode=f"x{n}", nama=f"Tambahan {n}", klaster=klaster, urutan=100 + n, bobot=0, berlaku_mulai=2025
        )
    with django_assert_num_queries(len(before)):
        client.get(url, {"tahun": 2025})


def test_it_shows_an_indicator(client, pimpinan):
    client.force_login(pimpinan)
    indikator = Indikator.objects.get(kode="7")
    response = client.get(reverse("klaster:indikator_detail", args=[indikator.pk]))
    assert response.status_code == 200
    assert "Turun lebih baik" in response.content.decode()


def test_it_returns_404_for_unknown_indicator(client, pimpinan):
    client.force_login(pimpinan)
    response = client.get(reverse("klaster:indikator_detail", args=[999999]))
    assert response.status_code == 404


def test_it_refuses_an_account_without_a_role(client, tanpa_peran):
    client.force_login(tanpa_peran)
    response = client.get(reverse("klaster:index"))
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


def test_it_warns_when_weights_do_not_sum_to_1000(client, pimpinan):
    Indikator.objects.filter(kode="1").update(bobot=0)
    client.force_login(pimpinan)
    response = client.get(reverse("klaster:index"), {"tahun": 2025})
    assert "belum tepat 1.000" in response.content.decode()
