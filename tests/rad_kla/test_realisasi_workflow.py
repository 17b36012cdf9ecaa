"""An operator reports, a coordinator verifies or returns, a verified realisation is locked."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from rad_kla.models import Realisasi
from rad_kla.services import (
    realisasi_return,
    realisasi_submit,
    realisasi_update,
    realisasi_verify,
    target_tahunan_set,
)
from tests.gugus_tugas.factories import OPDFactory, UserFactory

pytestmark = pytest.mark.django_db


def isi(rencana, periode, user, **kwargs):
    data = {"nilai_capaian": Decimal("4"), "realisasi_anggaran": 20_000_000, "narasi": "Pelatihan 4 puskesmas."}
    data.update(kwargs)
    return realisasi_update(rencana=rencana, periode=periode, by=user, **data)


def test_the_full_cycle_through_the_browser(client, rencana, periode_terbuka, operator_dinkes, koordinator_klaster3):
    client.force_login(operator_dinkes)
    url = reverse("rad_kla:realisasi_isi", args=[rencana.pk, periode_terbuka.pk])
    response = client.post(
        url,
        {"nilai_capaian": "4", "realisasi_anggaran": "20000000", "narasi": "Pelatihan.", "kendala": "", "simpan": "1"},
    )
    realisasi = Realisasi.objects.get()
    assert response.status_code == 302
    assert realisasi.status == Realisasi.Status.DRAFT
    client.post(url, {"nilai_capaian": "5", "realisasi_anggaran": "20000000", "narasi": "Pelatihan.", "ajukan": "1"})
    realisasi.refresh_from_db()
    assert realisasi.status == Realisasi.Status.DIAJUKAN and realisasi.nilai_capaian == Decimal("5")

    client.force_login(koordinator_klaster3)
    assert "RAD-III-14-001" in client.get(reverse("rad_kla:verifikasi")).content.decode()
    periksa = reverse("rad_kla:realisasi_periksa", args=[realisasi.pk])
    response = client.post(periksa, {"keputusan": "kembalikan", "catatan": "Lampirkan daftar hadir."})
    realisasi.refresh_from_db()
    assert realisasi.status == Realisasi.Status.DIKEMBALIKAN

    client.force_login(operator_dinkes)
    form = client.get(url).content.decode()
    assert "Lampirkan daftar hadir." in form
    client.post(
        url,
        {
            "nilai_capaian": "5",
            "realisasi_anggaran": "20000000",
            "narasi": "Pelatihan, daftar hadir terlampir.",
            "ajukan": "1",
        },
    )
    realisasi.refresh_from_db()
    assert realisasi.status == Realisasi.Status.DIAJUKAN

    client.force_login(koordinator_klaster3)
    client.post(periksa, {"keputusan": "verifikasi", "catatan": ""})
    realisasi.refresh_from_db()
    assert realisasi.status == Realisasi.Status.DIVERIFIKASI
    assert realisasi.diperiksa_oleh == koordinator_klaster3

    client.force_login(operator_dinkes)
    response = client.post(url, {"nilai_capaian": "9", "realisasi_anggaran": "0", "narasi": "x", "simpan": "1"})
    assert response.status_code == 302
    realisasi.refresh_from_db()
    assert realisasi.nilai_capaian == Decimal("5")
    assert [h.status for h in realisasi.history.order_by("history_date")][-1] == "diverifikasi"


def test_it_requires_same_opd(rencana, periode_terbuka, roles):
    outsider = UserFactory(peran="operator_opd", opd=OPDFactory())
    with pytest.raises(PermissionDenied):
        isi(rencana, periode_terbuka, outsider)


def test_the_admin_may_report_for_any_opd(rencana, periode_terbuka, admin_user):
    assert isi(rencana, periode_terbuka, admin_user).status == Realisasi.Status.DRAFT


def test_pimpinan_is_read_only(rencana, periode_terbuka, pimpinan, client):
    with pytest.raises(PermissionDenied):
        isi(rencana, periode_terbuka, pimpinan)
    client.force_login(pimpinan)
    response = client.get(reverse("rad_kla:realisasi_isi", args=[rencana.pk, periode_terbuka.pk]))
    assert response.status_code == 403


def test_it_refuses_a_closed_period_with_a_clear_message(rencana, periode_tertutup, operator_dinkes):
    with pytest.raises(ValidationError, match="sudah ditutup"):
        isi(rencana, periode_tertutup, operator_dinkes)
    assert not Realisasi.objects.exists()


def test_negative_values_are_refused(client, rencana, periode_terbuka, operator_dinkes):
    client.force_login(operator_dinkes)
    url = reverse("rad_kla:realisasi_isi", args=[rencana.pk, periode_terbuka.pk])
    response = client.post(
        url, {"nilai_capaian": "-1", "realisasi_anggaran": "-5", "narasi": "Narasi saya tetap ada", "simpan": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nilai capaian tidak boleh negatif." in html
    assert "Realisasi anggaran tidak boleh negatif." in html
    assert "Narasi saya tetap ada" in html
    assert not Realisasi.objects.exists()


def test_spending_above_the_budget_must_be_confirmed(client, rencana, periode_terbuka, operator_dinkes):
    client.force_login(operator_dinkes)
    url = reverse("rad_kla:realisasi_isi", args=[rencana.pk, periode_terbuka.pk])
    data = {"nilai_capaian": "4", "realisasi_anggaran": "150000000", "narasi": "Belanja alat", "simpan": "1"}
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "melebihi pagu Rp 100.000.000" in html
    assert "150000000" in html
    assert not Realisasi.objects.exists()
    response = client.post(url, {**data, "anggaran_lebih_dikonfirmasi": "on"})
    assert response.status_code == 302
    assert Realisasi.objects.get().anggaran_lebih_dikonfirmasi


def test_the_budget_check_adds_up_the_years_periods(rencana, periode_terbuka, operator_dinkes):
    from tests.rad_kla.factories import PeriodeFactory, RealisasiFactory

    RealisasiFactory(rencana_aksi=rencana, periode=PeriodeFactory(nomor=1), realisasi_anggaran=90_000_000)
    with pytest.raises(ValidationError, match="melebihi pagu"):
        isi(rencana, periode_terbuka, operator_dinkes, realisasi_anggaran=20_000_000)


def test_submitting_requires_a_value_and_a_narrative(rencana, periode_terbuka, operator_dinkes):
    realisasi = isi(rencana, periode_terbuka, operator_dinkes, nilai_capaian=None, narasi="")
    with pytest.raises(ValidationError) as error:
        realisasi_submit(realisasi=realisasi, by=operator_dinkes)
    assert "Isi nilai capaian" in str(error.value) and "Tuliskan narasi" in str(error.value)


def test_returning_requires_a_comment(rencana, periode_terbuka, operator_dinkes, koordinator_klaster3):
    realisasi = isi(rencana, periode_terbuka, operator_dinkes, ajukan=True)
    with pytest.raises(ValidationError, match="Tuliskan catatan"):
        realisasi_return(realisasi=realisasi, by=koordinator_klaster3, catatan="  ")


def test_coordinator_verifies_only_in_their_cluster(rencana, periode_terbuka, operator_dinkes, koordinator_klaster5):
    realisasi = isi(rencana, periode_terbuka, operator_dinkes, ajukan=True)
    with pytest.raises(PermissionDenied):
        realisasi_verify(realisasi=realisasi, by=koordinator_klaster5)


def test_coordinator_queue_shows_only_their_cluster(
    client, rencana, periode_terbuka, operator_dinkes, koordinator_klaster5
):
    isi(rencana, periode_terbuka, operator_dinkes, ajukan=True)
    client.force_login(koordinator_klaster5)
    assert "RAD-III-14-001" not in client.get(reverse("rad_kla:verifikasi")).content.decode()


def test_operator_cannot_verify_their_own_report(rencana, periode_terbuka, operator_dinkes, client):
    realisasi = isi(rencana, periode_terbuka, operator_dinkes, ajukan=True)
    client.force_login(operator_dinkes)
    response = client.post(reverse("rad_kla:realisasi_periksa", args=[realisasi.pk]), {"keputusan": "verifikasi"})
    assert response.status_code == 403
    realisasi.refresh_from_db()
    assert realisasi.status == Realisasi.Status.DIAJUKAN


def test_operator_cannot_return_their_own_report_even_without_a_note(rencana, periode_terbuka, operator_dinkes, client):
    realisasi = isi(rencana, periode_terbuka, operator_dinkes, ajukan=True)
    client.force_login(operator_dinkes)
    response = client.post(reverse("rad_kla:realisasi_periksa", args=[realisasi.pk]), {"keputusan": "kembalikan"})
    assert response.status_code == 403
    realisasi.refresh_from_db()
    assert realisasi.status == Realisasi.Status.DIAJUKAN


def test_only_submitted_realisations_can_be_verified(rencana, periode_terbuka, operator_dinkes, admin_user):
    realisasi = isi(rencana, periode_terbuka, operator_dinkes)
    with pytest.raises(ValidationError, match="Hanya realisasi yang diajukan"):
        realisasi_verify(realisasi=realisasi, by=admin_user)


def test_verification_requires_post(client, rencana, periode_terbuka, operator_dinkes, koordinator_klaster3):
    realisasi = isi(rencana, periode_terbuka, operator_dinkes, ajukan=True)
    client.force_login(koordinator_klaster3)
    assert client.get(reverse("rad_kla:realisasi_periksa", args=[realisasi.pk])).status_code == 405


def test_changing_a_target_with_realisations_needs_a_reason_kept_in_history(rencana, periode_terbuka, operator_dinkes):
    isi(rencana, periode_terbuka, operator_dinkes)
    with pytest.raises(ValidationError, match="alasan"):
        target_tahunan_set(rencana=rencana, tahun=2025, target=Decimal("12"), pagu=100_000_000)
    target = target_tahunan_set(
        rencana=rencana, tahun=2025, target=Decimal("12"), pagu=100_000_000, alasan="Revisi APBD-P"
    )
    assert target.history.first().history_change_reason == "Revisi APBD-P"
    assert target_tahunan_set(rencana=rencana, tahun=2026, target=Decimal("14"), pagu=0).target == Decimal("14")


def test_unknown_action_is_404(client, operator_dinkes):
    client.force_login(operator_dinkes)
    assert client.get(reverse("rad_kla:detail", args=[999999])).status_code == 404
    assert client.get(reverse("rad_kla:realisasi_detail", args=[999999])).status_code == 404
