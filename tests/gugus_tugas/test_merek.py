"""The app's name comes from the region profile: pages, e-mails, calendar files and PDFs of another region."""

import datetime
import shutil
import subprocess

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gugus_tugas.merek import merek_get
from gugus_tugas.models import ProfilDaerah, Rapat
from gugus_tugas.pdf import notulen_pdf
from gugus_tugas.selectors import rapat_get
from gugus_tugas.services import pengguna_undangan_notify
from kla_metro.errors import server_error
from tests.gugus_tugas.factories import RapatFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def merangin(db):
    return ProfilDaerah.objects.create(
        nama_daerah="Merangin",
        jenis=ProfilDaerah.Jenis.KABUPATEN,
        provinsi="Jambi",
        kode="15.02",
        tahun_rad_mulai=2025,
        tahun_rad_selesai=2029,
    )


def assert_merangin(text: str) -> None:
    assert "KLA Kabupaten Merangin" in text
    assert "Metro" not in text


def test_the_login_page_names_the_region_of_the_profile(client, merangin):
    html = client.get(reverse("login")).content.decode()
    assert '<h1 class="h3 mt-4 mb-1" data-testid="merek">KLA Kabupaten Merangin</h1>' in html
    assert "<title>Masuk · KLA Kabupaten Merangin</title>" in html
    assert_merangin(html)


def test_the_footer_and_menu_name_the_region(client, merangin, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("gugus_tugas:rapat")).content.decode()
    assert '<span data-testid="kaki-merek">KLA Kabupaten Merangin · ' in html
    assert ">KLA Merangin</a>" in html
    assert_merangin(html)


def test_without_a_profile_the_app_goes_by_the_product_alone(client):
    html = client.get(reverse("login")).content.decode()
    assert '<h1 class="h3 mt-4 mb-1" data-testid="merek">KLA</h1>' in html
    assert "Metro" not in html


def test_a_renamed_region_shows_on_the_next_request(client, merangin):
    client.get(reverse("login"))
    merangin.nama_daerah = "Bungo"
    merangin.save()
    assert "KLA Kabupaten Bungo" in client.get(reverse("login")).content.decode()


def test_the_region_name_is_escaped_on_pages(client, merangin):
    merangin.nama_daerah = "<b>Merangin</b>"
    merangin.save()
    html = client.get(reverse("login")).content.decode()
    assert "<b>Merangin</b>" not in html and "&lt;b&gt;Merangin&lt;/b&gt;" in html


def test_the_invitation_email_subject_and_body_name_the_region(merangin, admin_user, settings):
    settings.DEFAULT_FROM_EMAIL = "kla@merangin.example"
    user = UserFactory(username="baru.merangin", email="baru@merangin.example", password=None)
    user.set_unusable_password()
    user.save()
    assert pengguna_undangan_notify(users=[user], by=admin_user, tautan_dasar="https://kla.example") == 1
    (message,) = mail.outbox
    assert message.subject == "[KLA Kabupaten Merangin] Undangan akun Gugus Tugas Kota Layak Anak"
    assert message.from_email == "KLA Kabupaten Merangin <kla@merangin.example>"
    assert_merangin(message.subject + message.body)


def test_the_password_reset_email_names_the_region(client, merangin, admin_user):
    admin_user.email = "admin@merangin.example"
    admin_user.save()
    client.post(reverse("password_reset"), {"email": "admin@merangin.example"})
    (message,) = mail.outbox
    assert message.subject == "Kata sandi baru untuk KLA Kabupaten Merangin"
    assert message.from_email == "KLA Kabupaten Merangin <kla-metro@localhost>"
    assert_merangin(message.subject + message.body)


def test_the_calendar_file_names_the_region(client, merangin, admin_user):
    rapat = RapatFactory(tempat="Aula Setda Bangko", status=Rapat.Status.TERJADWAL)
    client.force_login(admin_user)
    ics = client.get(reverse("gugus_tugas:rapat_ics", args=[rapat.pk])).content.decode()
    unfolded = ics.replace("\r\n ", "")
    assert "PRODID:-//KLA Kabupaten Merangin//Rapat Gugus Tugas KLA//ID" in unfolded
    assert "\\n\\nKLA Kabupaten Merangin\r\n" in unfolded
    assert "Metro" not in unfolded


def test_the_minutes_pdf_footer_names_the_region(merangin, admin_user, tmp_path):
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) harus terpasang"
    rapat = RapatFactory(
        judul="Rakor Gugus Tugas KLA Merangin",
        mulai=timezone.make_aware(datetime.datetime(2025, 11, 6, 9, 0)),
        tempat="Aula Setda Bangko",
        status=Rapat.Status.SELESAI,
        ditutup_pada=timezone.now(),
    )
    path = tmp_path / "notulen.pdf"
    path.write_bytes(notulen_pdf(rapat=rapat_get(user=admin_user, pk=rapat.pk)))
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout.split()
    )
    assert "KLA Kabupaten Merangin · Notulen rapat · 6 November 2025" in text
    assert "Metro" not in text


def test_the_500_page_names_the_region_without_touching_the_database(merangin, rf, django_assert_num_queries):
    merek_get()
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "<title>Terjadi kesalahan · KLA Kabupaten Merangin</title>" in html


def test_a_server_error_in_a_view_answers_the_branded_500_page(merangin, admin_user, monkeypatch):
    def rusak(**kwargs):
        raise RuntimeError("uji")

    merek_get()
    monkeypatch.setattr("gugus_tugas.views.rapat_list", rusak)
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    response = client.get(reverse("gugus_tugas:rapat"))
    assert response.status_code == 500
    assert "Terjadi kesalahan · KLA Kabupaten Merangin" in response.content.decode()


def test_the_django_admin_names_the_region(client, merangin, superuser):
    client.force_login(superuser)
    html = client.get(reverse("admin:index")).content.decode()
    assert "KLA Kabupaten Merangin" in html and "Metro" not in html


def test_a_sender_address_that_names_itself_is_kept(merangin, settings):
    settings.DEFAULT_FROM_EMAIL = "Sekretariat KLA <sekretariat@merangin.example>"
    assert merek_get().pengirim() == "Sekretariat KLA <sekretariat@merangin.example>"
