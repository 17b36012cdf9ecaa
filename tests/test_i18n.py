"""Indonesian by default, English on request; Indonesian dates and Rupiah amounts."""

import datetime
import gettext
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from core.templatetags.kla_format import rupiah, skor

pytestmark = pytest.mark.django_db


def test_pages_are_indonesian_by_default(client, pimpinan):
    client.force_login(pimpinan)
    html = client.get("/").content.decode()
    assert '<html lang="id">' in html
    assert "Selamat datang" in html and "Keluar" in html


def test_a_user_can_switch_to_english_and_back(client, pimpinan):
    client.force_login(pimpinan)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Welcome" in html and "Log out" in html
    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert "Selamat datang" in client.get("/").content.decode()


def test_the_login_page_can_be_switched_before_logging_in(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert "Log in" in client.get("/accounts/login/").content.decode()


def test_dates_read_as_indonesian_long_dates():
    with translation.override("id"):
        rendered = Template('{{ d|date:"DATE_FORMAT" }}').render(Context({"d": datetime.date(2025, 11, 6)}))
    assert rendered == "6 November 2025"
    with translation.override("id"):
        rendered = Template('{{ d|date:"DATE_FORMAT" }}').render(Context({"d": datetime.date(2025, 8, 17)}))
    assert rendered == "17 Agustus 2025"


def test_rupiah_uses_dot_grouping_in_indonesian():
    with translation.override("id"):
        assert rupiah(1250000) == "Rp 1.250.000"
        assert rupiah(Decimal("-5000")) == "-Rp 5.000"
        assert rupiah(None) == "–"
    with translation.override("en"):
        assert rupiah(1250000) == "Rp 1,250,000"


def test_scores_use_a_decimal_comma_in_indonesian():
    with translation.override("id"):
        assert skor(Decimal("588.4")) == "588,40"
        assert skor(1000) == "1.000,00"


def test_a_choice_reads_as_its_label_in_the_active_language():
    from gugus_tugas.models import Rapat

    template = Template("{% load kla_format %}{{ value|label:choices }}")
    shown = {}
    for language in ("id", "en"):
        with translation.override(language):
            shown[language] = template.render(Context({"value": "selesai", "choices": Rapat.Status.choices}))
            assert shown[language] == Rapat(status="selesai").get_status_display()
    assert shown == {"id": "Selesai", "en": "Done"}
    assert template.render(Context({"value": "lain", "choices": Rapat.Status.choices})) == "lain"


def test_an_english_browser_still_gets_indonesian_until_the_user_switches(client, pimpinan):
    client.force_login(pimpinan)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in html


def test_years_are_not_digit_grouped(client, pimpinan):
    client.force_login(pimpinan)
    html = client.get("/klaster/", {"tahun": 2025}).content.decode()
    assert "tahun 2025" in html and "2.025" not in html


LOCALE_EN = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES"


def test_every_catalogue_entry_has_an_english_text():
    po = str(LOCALE_EN / "django.po")
    for option in ("--untranslated", "--only-fuzzy"):
        left = subprocess.run(["msgattrib", option, po], capture_output=True, text=True, check=True).stdout
        assert "msgid" not in left, f"{option}:\n{left[:2000]}"


def test_the_compiled_catalogue_matches_the_source(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(LOCALE_EN / "django.po")], check=True)
    with open(compiled, "rb") as fresh, open(LOCALE_EN / "django.mo", "rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog
