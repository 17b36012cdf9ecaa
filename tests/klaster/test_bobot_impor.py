"""The secretariat loads a year's indicator maxima from a spreadsheet: checked, previewed, saved all together."""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gugus_tugas.models import Peran
from klaster.excel import bobot_import
from klaster.models import Indikator
from klaster.rules import PERAN_SEKRETARIAT
from klaster.selectors import bobot_total_get, indikator_aktif_list
from tests.rad_kla.excel_utils import xlsx_bomb

pytestmark = pytest.mark.django_db

# Uneven maxima summing to 1000: indicator 1 gets 100, 2 and 3 get 50, the other 21 share 800.
UNEVEN = {"1": "100", "2": "50", "3": "50", **{str(n): "38.10" for n in range(4, 24)}, "24": "38.00"}


def sheet(rows, headers=("Kode", "Indikator", "Bobot"), name="bobot.xlsx") -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def uneven_rows(**changes):
    bobot = {**UNEVEN, **changes}
    return [(kode, "", value) for kode, value in bobot.items() if value is not None]


def upload(client, berkas, tahun=2025):
    return client.post(reverse("klaster:bobot_impor"), {"tahun": tahun, "berkas": berkas})


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def test_the_sheet_role_is_the_organisations_secretariat():
    assert PERAN_SEKRETARIAT == Peran.ADMIN_SEKRETARIAT


def test_the_uneven_example_sums_to_1000():
    assert sum(Decimal(v) for v in UNEVEN.values()) == 1000


def test_it_shows_old_and_new_weights_before_saving_anything(client, admin_user):
    client.force_login(admin_user)
    response = upload(client, sheet(uneven_rows()))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Berkas valid: 24 indikator" in html
    assert 'data-testid="bobot-total-baru">1.000,00' in html
    assert "100,00" in html and "41,67" in html
    assert Indikator.objects.get(kode="1").bobot == Decimal("41.67")


def test_it_saves_the_checked_weights_all_together(client, admin_user):
    client.force_login(admin_user)
    token = token_of(upload(client, sheet(uneven_rows())))
    response = client.post(reverse("klaster:bobot_simpan"), {"token": token})
    assert response.status_code == 302
    assert response.url == reverse("klaster:index") + "?tahun=2025"
    assert Indikator.objects.get(kode="1").bobot == Decimal("100")
    assert Indikator.objects.get(kode="24").bobot == Decimal("38")
    assert bobot_total_get(tahun=2025) == 1000
    page = client.get(response.url).content.decode()
    assert "Bobot 24 indikator tahun 2025 disimpan." in page


def test_it_refuses_a_sheet_that_does_not_sum_to_1000_and_changes_nothing(client, admin_user):
    client.force_login(admin_user)
    response = upload(client, sheet(uneven_rows(**{"1": "90"})))
    html = response.content.decode()
    assert "Jumlah bobot di berkas 990,00; harus tepat 1000." in html
    assert 'name="token"' not in html
    assert Indikator.objects.get(kode="1").bobot == Decimal("41.67")


def test_it_names_every_bad_row_in_indonesian():
    rows = uneven_rows(**{"5": "banyak", "6": "12.345", "7": "-1", "24": None})
    rows += [("99", "", "1"), ("1", "", "1"), ("", "", "1")]
    hasil = bobot_import(berkas=sheet(rows), tahun=2025)
    assert hasil.errors == [
        "Baris 6: bobot indikator 5 harus berupa angka, bukan “banyak”.",
        "Baris 7: bobot indikator 6 paling banyak dua angka di belakang koma.",
        "Baris 8: bobot indikator 7 harus antara 0 dan 1000.",
        "Baris 25: indikator 99 tidak berlaku pada tahun 2025.",
        "Baris 26: indikator 1 sudah ada di baris 2.",
        "Baris 27: kode indikator kosong.",
        "Indikator yang berlaku pada tahun 2025 tetapi tidak ada di berkas: 24.",
    ]


def test_it_reads_numbers_typed_as_text_with_a_decimal_comma_and_kodes_typed_as_numbers():
    rows = [(int(kode), "", value.replace(".", ",")) for kode, value in UNEVEN.items()]
    hasil = bobot_import(berkas=sheet(rows, headers=("No.", "Nama", "Poin maksimum")), tahun=2025)
    assert hasil.errors == []
    assert hasil.total == 1000


def test_it_asks_for_the_kode_and_bobot_columns():
    hasil = bobot_import(berkas=sheet(uneven_rows(), headers=("Nomor urut", "Indikator", "Nilai")), tahun=2025)
    assert hasil.errors and "“Kode” dan “Bobot”" in hasil.errors[0]


def test_it_refuses_a_workbook_that_would_inflate_before_opening_it():
    hasil = bobot_import(berkas=xlsx_bomb(6, headers=["Kode", "Bobot"]), tahun=2025)
    assert hasil.errors and "memuai" in hasil.errors[0]


def test_it_refuses_a_file_that_is_not_xlsx(client, admin_user):
    client.force_login(admin_user)
    palsu = io.BytesIO(b"Kode;Bobot\n1;1000\n")
    palsu.name = "bobot.xlsx"
    response = upload(client, palsu)
    assert response.status_code == 200
    assert "tidak sesuai dengan jenisnya" in response.content.decode()


def test_it_refuses_a_tampered_or_foreign_token(client, admin_user):
    client.force_login(admin_user)
    token = token_of(upload(client, sheet(uneven_rows())))
    response = client.post(reverse("klaster:bobot_simpan"), {"token": token[:-2] + "xx"}, follow=True)
    assert "kedaluwarsa atau tidak sah" in response.content.decode()
    assert Indikator.objects.get(kode="1").bobot == Decimal("41.67")


def test_it_saves_nothing_when_the_year_changed_since_the_check(client, admin_user):
    client.force_login(admin_user)
    token = token_of(upload(client, sheet(uneven_rows())))
    klaster = Indikator.objects.get(kode="1").klaster
    Indikator.objects.create(kode="25", nama="Baru", klaster=klaster, urutan=25, bobot=0, berlaku_mulai=2025)
    Indikator.objects.filter(kode="25").update(bobot=10)
    response = client.post(reverse("klaster:bobot_simpan"), {"token": token}, follow=True)
    assert "harus tepat 1000" in response.content.decode()
    assert Indikator.objects.get(kode="1").bobot == Decimal("41.67")


def test_the_template_holds_the_years_indicators_and_reads_back_unchanged(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("klaster:bobot_templat"), {"tahun": 2025})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(response)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Kode", "Indikator", "Bobot")
    assert len(rows) == 1 + indikator_aktif_list(tahun=2025).count()
    berkas = io.BytesIO(content)
    berkas.name = "templat.xlsx"
    hasil = bobot_import(berkas=berkas, tahun=2025)
    assert hasil.errors == [] and not any(b.selisih for b in hasil.baris)


def test_the_framework_page_offers_the_upload_to_the_secretariat_only(client, admin_user, pimpinan):
    client.force_login(admin_user)
    assert 'data-testid="muat-bobot"' in client.get(reverse("klaster:index")).content.decode()
    client.force_login(pimpinan)
    assert 'data-testid="muat-bobot"' not in client.get(reverse("klaster:index")).content.decode()


@pytest.mark.parametrize("peran", [Peran.PIMPINAN, Peran.KOORDINATOR_KLASTER, Peran.OPERATOR_OPD, Peran.PETUGAS_KASUS])
def test_it_refuses_everyone_but_the_secretariat(client, users_by_role, admin_user, peran):
    client.force_login(admin_user)
    token = token_of(upload(client, sheet(uneven_rows())))
    client.force_login(users_by_role[peran])
    assert client.get(reverse("klaster:bobot_impor")).status_code == 403
    assert upload(client, sheet(uneven_rows())).status_code == 403
    assert client.get(reverse("klaster:bobot_templat")).status_code == 403
    assert client.post(reverse("klaster:bobot_simpan"), {"token": token}).status_code == 403
    assert Indikator.objects.get(kode="1").bobot == Decimal("41.67")


def test_the_upload_page_explains_the_rules_and_offers_the_template(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("klaster:bobot_impor"), {"tahun": 2025})
    assert response.status_code == 200
    html = response.content.decode()
    assert "tidak sama besar dan tidak dipublikasikan" in html and "tepat 1000" in html
    assert reverse("klaster:bobot_templat") + "?tahun=2025" in html
