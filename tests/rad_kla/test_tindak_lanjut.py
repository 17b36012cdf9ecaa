"""Linking a meeting follow-up to the RAD action that carries it out, from the action's page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gugus_tugas.models import Peran, Rapat, TindakLanjut
from rad_kla.services import rencana_aksi_tindak_lanjut_create
from tests.gugus_tugas.factories import OPDFactory, RapatFactory, TindakLanjutFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tindak_lanjut(opd_dinkes):
    rapat = RapatFactory(judul="Rakor Gugus Tugas KLA November")
    return TindakLanjutFactory(rapat=rapat, opd=opd_dinkes, uraian="Perluas Puskesmas Ramah Anak ke 3 kecamatan")


def tautkan(client, rencana, tindak_lanjut, **extra):
    url = reverse("rad_kla:tindak_lanjut", args=[rencana.pk])
    return client.post(url, {"tindak_lanjut": tindak_lanjut.pk, **extra})


def test_it_links_a_follow_up_of_the_same_opd_and_shows_it(client, rencana, tindak_lanjut, operator_dinkes):
    client.force_login(operator_dinkes)
    html = client.get(reverse("rad_kla:detail", args=[rencana.pk])).content.decode()
    assert "Perluas Puskesmas Ramah Anak" in html and "Tautkan" in html
    response = tautkan(client, rencana, tindak_lanjut)
    assert response.status_code == 302
    assert list(rencana.tindak_lanjut.all()) == [tindak_lanjut]
    html = client.get(reverse("rad_kla:detail", args=[rencana.pk])).content.decode()
    assert reverse("gugus_tugas:tindak_lanjut_detail", args=[tindak_lanjut.pk]) in html
    assert "Rakor Gugus Tugas KLA November" in html


def test_it_unlinks(client, rencana, tindak_lanjut, operator_dinkes):
    rencana.tindak_lanjut.add(tindak_lanjut)
    client.force_login(operator_dinkes)
    tautkan(client, rencana, tindak_lanjut, lepas="1")
    assert not rencana.tindak_lanjut.exists()


def test_it_requires_same_opd(client, rencana, tindak_lanjut, roles):
    lain = UserFactory(peran=Peran.OPERATOR_OPD, opd=OPDFactory())
    client.force_login(lain)
    assert tautkan(client, rencana, tindak_lanjut).status_code == 403
    assert "Tautkan" not in client.get(reverse("rad_kla:detail", args=[rencana.pk])).content.decode()
    assert not rencana.tindak_lanjut.exists()


@pytest.mark.parametrize("fixture", ["pimpinan", "koordinator_klaster3"])
def test_readers_see_links_but_may_not_change_them(client, request, rencana, tindak_lanjut, fixture):
    rencana.tindak_lanjut.add(tindak_lanjut)
    client.force_login(request.getfixturevalue(fixture))
    html = client.get(reverse("rad_kla:detail", args=[rencana.pk])).content.decode()
    assert "Perluas Puskesmas Ramah Anak" in html and "Lepas" not in html
    assert tautkan(client, rencana, tindak_lanjut, lepas="1").status_code == 403
    assert rencana.tindak_lanjut.exists()


def test_the_admin_links_for_any_opd(client, rencana, tindak_lanjut, admin_user):
    client.force_login(admin_user)
    tautkan(client, rencana, tindak_lanjut)
    assert rencana.tindak_lanjut.exists()


def test_a_follow_up_of_an_unrelated_opd_is_refused(client, rencana, admin_user):
    asing = TindakLanjutFactory(opd=OPDFactory(singkatan="Dishub"))
    client.force_login(admin_user)
    response = tautkan(client, rencana, asing)
    assert response.status_code == 302
    assert not rencana.tindak_lanjut.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Pilih tindak lanjut rapat yang tersedia."]
    with pytest.raises(ValidationError, match="Dishub"):
        rencana_aksi_tindak_lanjut_create(rencana=rencana, tindak_lanjut=asing, by=admin_user)


def test_a_follow_up_of_a_related_opd_may_be_linked(client, rencana, admin_user):
    dinsos = OPDFactory(singkatan="Dinsos")
    rencana.opd_terkait.add(dinsos)
    tl = TindakLanjutFactory(opd=dinsos)
    client.force_login(admin_user)
    tautkan(client, rencana, tl)
    assert list(rencana.tindak_lanjut.all()) == [tl]


def test_draft_meetings_and_finished_follow_ups_are_not_offered(client, rencana, operator_dinkes, opd_dinkes):
    draf = TindakLanjutFactory(rapat=RapatFactory(status=Rapat.Status.DRAFT), opd=opd_dinkes, uraian="Dari rapat draf")
    TindakLanjutFactory(opd=opd_dinkes, uraian="Sudah selesai", status=TindakLanjut.Status.SELESAI)
    client.force_login(operator_dinkes)
    html = client.get(reverse("rad_kla:detail", args=[rencana.pk])).content.decode()
    assert "Dari rapat draf" not in html and "Sudah selesai" not in html
    tautkan(client, rencana, draf)
    assert not rencana.tindak_lanjut.exists()


def test_the_service_checks_the_permission(rencana, tindak_lanjut, pimpinan):
    with pytest.raises(PermissionDenied):
        rencana_aksi_tindak_lanjut_create(rencana=rencana, tindak_lanjut=tindak_lanjut, by=pimpinan)


def test_it_rejects_get_and_unknown_actions(client, rencana, operator_dinkes):
    client.force_login(operator_dinkes)
    assert client.get(reverse("rad_kla:tindak_lanjut", args=[rencana.pk])).status_code == 405
    assert client.post(reverse("rad_kla:tindak_lanjut", args=[99999]), {"tindak_lanjut": 1}).status_code == 404
