"""seed_demo: refuses production mode, creates every role, and a second run changes nothing."""

from io import StringIO

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command
from django.test import override_settings

from gugus_tugas.models import OPD, Peran, ProfilDaerah, User, Wilayah

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, str]:
    """Every row of every project table, serialized, so any change shows."""
    data = {}
    for label in ("klaster", "gugus_tugas", "kasus", "rad_kla", "evaluasi", "auth"):
        for model in apps.get_app_config(label).get_models():
            data[model._meta.label] = serializers.serialize("json", model.objects.order_by("pk"))
    return data


def test_it_refuses_to_run_in_production_mode_without_force():
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG=False"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_it_creates_kota_metro_and_a_user_for_every_role():
    output = seed("--force", "--password", "Demo-Metro-2026")
    profil = ProfilDaerah.objects.get()
    assert profil.nama_lengkap == "Kota Metro"
    assert profil.predikat_saat_ini.nama == "Nindya" and profil.predikat_target.nama == "Utama"
    assert Wilayah.objects.filter(jenis=Wilayah.Jenis.KECAMATAN).count() == 5
    assert Wilayah.objects.filter(jenis=Wilayah.Jenis.KELURAHAN).count() == 22
    assert OPD.objects.count() >= 25
    assert {u.peran for u in User.objects.all()} == set(Peran.values)
    admin = User.objects.get(username="admin.dp3ap2kb")
    assert admin.is_staff and admin.groups.filter(name="Admin Sekretariat").exists()
    assert User.objects.get(username="koordinator.klaster3").klaster.kode == "III"
    for username in ("admin.dp3ap2kb", "pimpinan.bappeda", "petugas.uptdppa"):
        assert username in output
        assert User.objects.get(username=username).check_password("Demo-Metro-2026")


def test_a_second_run_changes_nothing():
    seed("--force", "--password", "Demo-Metro-2026")
    before = snapshot()
    seed("--force", "--password", "Demo-Metro-2026")
    seed("--force")
    assert snapshot() == before


def test_without_password_new_users_get_a_printed_random_one():
    output = seed("--force")
    password = output.rsplit("Kata sandi (password): ", 1)[1].split()[0]
    assert len(password) >= 10
    assert User.objects.get(username="opd.dinkes").check_password(password)
    second = seed("--force")
    assert "tidak diubah" in second
    assert User.objects.get(username="opd.dinkes").check_password(password)


def test_if_empty_leaves_an_existing_database_alone():
    seed("--force", "--password", "Demo-Metro-2026")
    before = snapshot()
    output = seed("--force", "--if-empty", "--password", "lain-sama-sekali")
    assert "tidak diisi ulang" in output
    assert snapshot() == before


def test_every_demo_user_can_log_in(client):
    seed("--force", "--password", "Demo-Metro-2026")
    for user in User.objects.all():
        client.logout()
        response = client.post("/accounts/login/", {"username": user.username, "password": "Demo-Metro-2026"})
        assert response.status_code == 302, user.username
        assert client.get("/").status_code == 200


def test_scale_two_adds_one_copy_of_every_demo_action_and_case():
    from kasus.models import Kasus
    from rad_kla.models import RencanaAksi

    seed("--force", "--password", "Demo-Metro-2026")
    counts = (RencanaAksi.objects.count(), Kasus.objects.count())
    seed("--force", "--password", "Demo-Metro-2026", "--scale", "2")
    assert (RencanaAksi.objects.count(), Kasus.objects.count()) == (2 * counts[0], 2 * counts[1])
    assert RencanaAksi.objects.filter(kode__endswith="-s2").count() == counts[0]
