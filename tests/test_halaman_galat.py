"""Error pages in the app's own words: a bad request answers the app's 400 page, not Django's bare one."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_bad_request_gets_the_apps_400_page(client):
    response = client.get("/accounts/login/", HTTP_HOST="bukan-host-ini.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Permintaan tidak dapat diproses" in html and "Kembali ke beranda" in html
