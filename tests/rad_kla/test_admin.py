"""RAD master data in the admin: target changes after reporting need a reason; years stay in the RAD."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gugus_tugas.models import ProfilDaerah
from rad_kla.models import TargetTahunan
from rad_kla.services import target_tahunan_delete, target_tahunan_set
from tests.rad_kla.factories import RealisasiFactory

pytestmark = pytest.mark.django_db


def inline_data(rencana, target, alasan=""):
    item = rencana.target.get()
    data = {
        "target-TOTAL_FORMS": "1",
        "target-INITIAL_FORMS": "1",
        "target-MIN_NUM_FORMS": "0",
        "target-MAX_NUM_FORMS": "1000",
        "target-0-id": str(item.pk),
        "target-0-rencana_aksi": str(rencana.pk),
        "target-0-tahun": "2025",
        "target-0-target": target,
        "target-0-pagu": "100000000",
        "target-0-alasan_perubahan": alasan,
    }
    for field in ("kode", "uraian", "indikator_keluaran", "satuan", "arah", "sumber_dana"):
        data[field] = getattr(rencana, field)
    data.update({"indikator": rencana.indikator_id, "opd": rencana.opd_id, "aktif": "on"})
    return data


def test_admin_needs_a_reason_to_change_a_reported_target(client, admin_user, rencana, periode_terbuka):
    RealisasiFactory(rencana_aksi=rencana, periode=periode_terbuka)
    client.force_login(admin_user)
    url = reverse("admin:rad_kla_rencanaaksi_change", args=[rencana.pk])
    response = client.post(url, inline_data(rencana, "12"))
    assert response.status_code == 200
    assert "tuliskan alasan perubahannya" in response.content.decode()
    assert rencana.target.get().target == Decimal("10")
    response = client.post(url, inline_data(rencana, "12", "Revisi RPJMD"))
    assert response.status_code == 302
    target = rencana.target.get()
    assert target.target == Decimal("12")
    assert target.history.first().history_change_reason == "Revisi RPJMD"
    assert target.history.first().history_user == admin_user


def test_admin_saves_an_unreported_target_without_a_reason(client, admin_user, rencana):
    client.force_login(admin_user)
    url = reverse("admin:rad_kla_rencanaaksi_change", args=[rencana.pk])
    response = client.post(url, inline_data(rencana, "12"))
    assert response.status_code == 302
    assert rencana.target.get().target == Decimal("12")


def test_admin_refuses_a_target_year_outside_the_rad(client, admin_user, rencana):
    ProfilDaerah.objects.create(
        nama_daerah="Metro",
        jenis="kota",
        provinsi="Lampung",
        kode="18.72",
        tahun_rad_mulai=2024,
        tahun_rad_selesai=2030,
    )
    client.force_login(admin_user)
    data = inline_data(rencana, "10")
    data.update(
        {
            "target-TOTAL_FORMS": "2",
            "target-1-id": "",
            "target-1-rencana_aksi": str(rencana.pk),
            "target-1-tahun": "2031",
            "target-1-target": "1",
            "target-1-pagu": "0",
        }
    )
    response = client.post(reverse("admin:rad_kla_rencanaaksi_change", args=[rencana.pk]), data)
    assert response.status_code == 200
    assert "Tahun 2031 di luar periode RAD 2024–2030." in response.content.decode()
    assert not rencana.target.filter(tahun=2031).exists()


def test_admin_deletes_an_unreported_target_and_its_history_names_them(client, admin_user, rencana):
    target = rencana.target.get()
    client.force_login(admin_user)
    data = {**inline_data(rencana, "10"), "target-0-DELETE": "on"}
    response = client.post(reverse("admin:rad_kla_rencanaaksi_change", args=[rencana.pk]), data)
    assert response.status_code == 302
    assert not rencana.target.exists()
    record = TargetTahunan.history.filter(id=target.pk).latest("history_date")
    assert (record.history_type, record.history_user) == ("-", admin_user)


def test_admin_cannot_delete_a_target_whose_year_has_realisations(client, admin_user, rencana, periode_terbuka):
    RealisasiFactory(rencana_aksi=rencana, periode=periode_terbuka)
    client.force_login(admin_user)
    data = {**inline_data(rencana, "10"), "target-0-DELETE": "on"}
    response = client.post(reverse("admin:rad_kla_rencanaaksi_change", args=[rencana.pk]), data)
    assert response.status_code == 200
    assert "Target tahun 2025 tidak dapat dihapus" in response.content.decode()
    assert rencana.target.get().target == Decimal("10")


def test_a_target_is_deleted_only_while_its_year_has_no_realisation(rencana, periode_terbuka, admin_user):
    target = rencana.target.get()
    RealisasiFactory(rencana_aksi=rencana, periode=periode_terbuka)
    with pytest.raises(ValidationError, match="sudah memiliki realisasi tahun itu"):
        target_tahunan_delete(target=target, by=admin_user)
    assert rencana.target.exists()
    rencana.realisasi.all().delete()
    target_tahunan_delete(target=target, by=admin_user)
    assert not rencana.target.exists()


def test_operator_has_no_admin_access(client, operator_dinkes, rencana):
    client.force_login(operator_dinkes)
    response = client.get(reverse("admin:rad_kla_rencanaaksi_change", args=[rencana.pk]))
    assert response.status_code == 302


def test_targets_stay_within_the_rad_years(rencana):
    ProfilDaerah.objects.create(
        nama_daerah="Metro",
        jenis="kota",
        provinsi="Lampung",
        kode="18.72",
        tahun_rad_mulai=2024,
        tahun_rad_selesai=2030,
    )
    with pytest.raises(ValidationError, match="di luar periode RAD 2024–2030"):
        target_tahunan_set(rencana=rencana, tahun=2031, target=Decimal("1"), pagu=0)
