"""The meeting page on a phone: each section saves on its own, so typed minutes survive adding a decision."""

import pytest
from django.utils import timezone

from gugus_tugas.models import Rapat

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOTULEN = "Peserta sepakat memperbarui data anak per kelurahan."


def test_on_a_phone_typed_minutes_survive_a_new_decision_and_the_invitee_list_filters(demo, live_server, login, phone):
    page = phone
    login(page, "admin.dp3ap2kb")
    rapat = Rapat.objects.filter(status=Rapat.Status.TERJADWAL, mulai__date__lte=timezone.localdate()).first()
    if rapat is None:
        rapat = Rapat.objects.exclude(status=Rapat.Status.SELESAI).first()
        rapat.mulai = timezone.now()
        rapat.save(update_fields=["mulai"])
    page.goto(f"{live_server.url}/rapat/{rapat.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # Each invitee's attendance choice is a full-width select whose labels are not cut off.
    select = page.locator("[data-testid=isian-kehadiran] select").first
    assert select.evaluate("el => el.scrollWidth <= el.clientWidth + 1")

    page.fill("textarea[name=notulen]", NOTULEN)
    keputusan = page.locator("form[action$='/keputusan/']")
    keputusan.locator("textarea[name=uraian]").fill("Data anak diperbarui setiap triwulan.")
    keputusan.get_by_role("button", name="Tambah keputusan").click()
    page.wait_for_selector("#keputusan >> text=Keputusan ditambahkan.")
    assert page.locator("#keputusan >> text=Data anak diperbarui setiap triwulan.").count() == 1
    assert page.input_value("textarea[name=notulen]") == NOTULEN
    rapat.refresh_from_db()
    assert NOTULEN not in rapat.notulen

    # Leaving with the minutes still unsaved asks first; staying keeps them.
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_role("link", name="Rapat", exact=True).first.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.input_value("textarea[name=notulen]") == NOTULEN

    # Inviting someone redraws the attendance sheet: changed attendance is not dropped without asking.
    status = page.locator("[data-testid=isian-kehadiran] select").first
    before = status.input_value()
    status.select_option("tidak_hadir" if before != "tidak_hadir" else "hadir")
    page.locator("form[action$='/undangan/'] input[name=nama]").fill("Nama Uji Undangan")
    page.locator("form[action$='/undangan/']").get_by_role("button", name="Undang").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload", "confirm"]
    assert page.locator("text=Undangan ditambahkan.").count() == 0
    status.select_option(before)
    page.locator("form[action$='/undangan/'] input[name=nama]").fill("")
    page.remove_listener("dialog", stay)
    page.get_by_role("button", name="Simpan notulen").click()
    page.wait_for_selector("#notulen >> text=Notulen disimpan.")
    rapat.refresh_from_db()
    assert rapat.notulen == NOTULEN

    # The invitation picker of the meeting form: typing narrows the checkbox list.
    page.goto(f"{live_server.url}/rapat/baru/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    pilihan = page.locator("#div_id_opd_diundang [data-daftar-centang-pilihan]")
    semua = pilihan.count()
    assert semua > 3
    page.fill("#div_id_opd_diundang [data-daftar-centang-cari]", "dinkes")
    visible = page.locator("#div_id_opd_diundang [data-daftar-centang-pilihan]:visible")
    assert 1 <= visible.count() < semua
    assert "Dinkes" in visible.first.inner_text()
    visible.first.locator("input").check()
    page.fill("#div_id_opd_diundang [data-daftar-centang-cari]", "")
    assert page.locator("#div_id_opd_diundang [data-daftar-centang-pilihan]:visible").count() == semua
    assert page.locator("#div_id_opd_diundang input:checked").count() == 1
    assert page.locator("select[name=penyelenggara] option").first.inner_text() == "— pilih —"
