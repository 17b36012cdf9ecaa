"""The meeting page saves one section at a time: an htmx post gets back only its section, the rest untouched."""

import re

import pytest
from django.utils import timezone

from gugus_tugas.forms import RapatForm, TindakLanjutForm, UndanganForm
from gugus_tugas.models import Keputusan
from tests.gugus_tugas.factories import OPDFactory, RapatFactory, UndanganFactory, kehadiran_form_data

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def rapat(admin_user):
    # Today, so attendance is open too.
    rapat = RapatFactory(mulai=timezone.now(), notulen="Notulen lama yang tersimpan.")
    Keputusan.objects.create(rapat=rapat, urutan=1, jenis=Keputusan.Jenis.KEPUTUSAN, uraian="Keputusan pertama")
    return rapat


def test_an_htmx_decision_returns_only_its_section_and_leaves_the_minutes_alone(client, admin_user, rapat):
    client.force_login(admin_user)
    response = client.post(
        f"/rapat/{rapat.pk}/keputusan/", {"jenis": "rekomendasi", "uraian": "Rekomendasi kedua"}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="keputusan"')
    assert "<html" not in html
    assert 'id="notulen"' not in html and 'name="notulen"' not in html
    assert "Keputusan ditambahkan." in html
    assert "Keputusan pertama" in html and "Rekomendasi kedua" in html
    rapat.refresh_from_db()
    assert rapat.notulen == "Notulen lama yang tersimpan."
    assert list(rapat.keputusan.values_list("uraian", flat=True)) == ["Keputusan pertama", "Rekomendasi kedua"]
    # The message was shown in the section; it does not come back on the next full page.
    assert "Keputusan ditambahkan." not in client.get(f"/rapat/{rapat.pk}/").content.decode()


def test_an_htmx_minutes_save_returns_only_the_minutes(client, admin_user, rapat):
    client.force_login(admin_user)
    response = client.post(f"/rapat/{rapat.pk}/notulen/", {"notulen": "Notulen baru."}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="notulen"')
    assert "Notulen disimpan." in html and "Notulen baru." in html
    assert "Keputusan pertama" not in html
    rapat.refresh_from_db()
    assert rapat.notulen == "Notulen baru."
    assert rapat.keputusan.count() == 1


def test_an_htmx_refusal_keeps_the_typed_form_marked_unsaved(client, admin_user, rapat):
    client.force_login(admin_user)
    response = client.post(f"/rapat/{rapat.pk}/keputusan/", {"jenis": "keputusan", "uraian": ""}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="keputusan"')
    assert "Tuliskan isi keputusan atau rekomendasi." in html
    assert "data-belum-tersimpan" in html
    assert rapat.keputusan.count() == 1


def test_an_htmx_attendance_save_returns_the_attendance_section(client, admin_user, rapat):
    undangan = UndanganFactory(rapat=rapat)
    client.force_login(admin_user)
    data = kehadiran_form_data([{"undangan": undangan.pk, "status": "hadir", "nama_hadir": "", "keterangan": ""}])
    response = client.post(f"/rapat/{rapat.pk}/kehadiran/", data, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="kehadiran"')
    assert "Kehadiran 1 peserta dicatat." in html
    undangan.refresh_from_db()
    assert undangan.kehadiran.status == "hadir"
    rapat.refresh_from_db()
    assert rapat.notulen == "Notulen lama yang tersimpan."


def test_without_js_a_decision_still_saves_and_comes_back_to_the_whole_page(client, admin_user, rapat):
    client.force_login(admin_user)
    response = client.post(f"/rapat/{rapat.pk}/keputusan/", {"jenis": "keputusan", "uraian": "Keputusan kedua"})
    assert response.status_code == 302
    assert response["Location"] == f"/rapat/{rapat.pk}/#keputusan"
    page = client.get(response["Location"]).content.decode()
    assert "Keputusan ditambahkan." in page and "Keputusan kedua" in page and "Notulen lama yang tersimpan." in page
    refused = client.post(f"/rapat/{rapat.pk}/keputusan/", {"jenis": "keputusan", "uraian": ""})
    assert refused.status_code == 200
    assert "<html" in refused.content.decode() and "Tuliskan isi keputusan" in refused.content.decode()


def test_the_detail_page_forms_warn_before_their_changes_are_lost(client, admin_user, rapat):
    client.force_login(admin_user)
    html = client.get(f"/rapat/{rapat.pk}/").content.decode()
    for action in ("kehadiran", "undangan", "notulen", "keputusan", "lampiran", "tindak-lanjut"):
        form = re.search(rf'<form [^>]*action="/rapat/{rapat.pk}/{action}/"[^>]*>', html).group(0)
        assert "data-jaga-perubahan" in form
        assert f'hx-post="/rapat/{rapat.pk}/{action}/"' in form
    assert "/static/js/formulir.js" in html


def test_single_choices_read_pilih_and_organisations_come_in_alphabetical_order(opd_dinkes):
    # Short names sort the other way round from the full names the lists are ordered by.
    OPDFactory(nama="Bappeda Uji", singkatan="ABp")
    OPDFactory(nama="Asisten Uji", singkatan="ZAs")
    for form in (RapatForm(), UndanganForm(), TindakLanjutForm()):
        html = str(form)
        assert "— pilih —" in html
        assert "---------" not in html
    labels = [str(label) for _value, label in RapatForm().fields["penyelenggara"].choices]
    assert labels == ["— pilih —", "ZAs", "ABp", "Dinkes"]


def test_invited_organisations_are_a_checkbox_list_with_a_filter_box(opd_dinkes):
    OPDFactory(nama="Bappeda Uji", singkatan="ABp")
    OPDFactory(nama="Asisten Uji", singkatan="ZAs")
    form = RapatForm()
    html = str(form["opd_diundang"])
    assert html.count('type="checkbox" name="opd_diundang"') == 3
    assert "data-daftar-centang-cari" in html
    assert "<select" not in html
    assert "Ctrl" not in str(form)
    assert re.findall(r'class="form-check-label"[^>]*>([^<]+)<', html) == ["ZAs", "ABp", "Dinkes"]


def test_minutes_sent_by_htmx_after_closing_come_back_as_an_addendum_draft(client, admin_user, rapat):
    rapat.status = rapat.Status.SELESAI
    rapat.ditutup_pada = timezone.now()
    rapat.save(update_fields=["status", "ditutup_pada"])
    client.force_login(admin_user)
    response = client.post(f"/rapat/{rapat.pk}/notulen/", {"notulen": "Koreksi yang terlambat."}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="notulen"')
    assert "Teks Anda dipindahkan ke formulir addendum" in html
    assert re.search(r'<textarea name="isi"[^>]*>\s*Koreksi yang terlambat.</textarea>', html)
    assert "data-belum-tersimpan" in html
    rapat.refresh_from_db()
    assert rapat.notulen == "Notulen lama yang tersimpan."
