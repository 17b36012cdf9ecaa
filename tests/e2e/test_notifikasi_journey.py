"""Notification settings in Chromium: an operator, on a phone, chooses which e-mails to get from the inbox."""

import pytest

from notifikasi.models import PengaturanNotifikasi, PreferensiNotifikasi

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_operator_chooses_the_daily_summary_and_one_kind_off_on_a_phone(demo, live_server, login, phone):
    login(phone, "opd.dinkes")
    phone.goto(f"{live_server.url}/notifikasi/")
    phone.get_by_role("link", name="Pengaturan e-mail").click()
    phone.wait_for_selector("[data-testid=form-pengaturan]")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.get_by_label("Realisasi dikembalikan").uncheck()
    phone.get_by_label("Satukan e-mail dalam ringkasan harian").check()
    phone.get_by_role("button", name="Simpan", exact=True).click()
    phone.wait_for_selector("text=Pengaturan notifikasi disimpan.")
    assert not phone.get_by_label("Realisasi dikembalikan").is_checked()
    assert phone.get_by_label("Realisasi diverifikasi").is_checked()
    assert phone.get_by_label("Satukan e-mail dalam ringkasan harian").is_checked()
    assert PengaturanNotifikasi.objects.get(pengguna__username="opd.dinkes").ringkasan_harian
    off = PreferensiNotifikasi.objects.filter(pengguna__username="opd.dinkes", email=False)
    assert list(off.values_list("jenis", flat=True)) == ["realisasi_dikembalikan"]
