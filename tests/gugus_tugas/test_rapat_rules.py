"""Every meeting and follow-up permission, with a user it allows and one it refuses."""

import pytest
from django.core.exceptions import PermissionDenied

from gugus_tugas.models import Peran, Rapat, TindakLanjut
from gugus_tugas.services import notulen_update, tindak_lanjut_update
from tests.gugus_tugas.factories import OPDFactory, RapatFactory, TindakLanjutFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_lihat_rapat_allows_an_operator_and_refuses_a_case_worker(operator_dinkes, petugas_kasus):
    assert operator_dinkes.has_perm("gugus_tugas.lihat_rapat")
    assert not petugas_kasus.has_perm("gugus_tugas.lihat_rapat")


def test_lihat_tindak_lanjut_allows_a_coordinator_and_refuses_an_account_without_role(
    koordinator_klaster3, tanpa_peran
):
    assert koordinator_klaster3.has_perm("gugus_tugas.lihat_tindak_lanjut")
    assert not tanpa_peran.has_perm("gugus_tugas.lihat_tindak_lanjut")


def test_kelola_rapat_allows_the_secretariat_and_refuses_the_chair(admin_user, pimpinan):
    rapat = RapatFactory()
    assert admin_user.has_perm("gugus_tugas.kelola_rapat", rapat)
    assert not pimpinan.has_perm("gugus_tugas.kelola_rapat", rapat)


def test_buka_rapat_lets_the_secretariat_open_a_draft_and_hides_it_from_an_operator(admin_user, operator_dinkes):
    draft = RapatFactory(status=Rapat.Status.DRAFT)
    assert admin_user.has_perm("gugus_tugas.buka_rapat", draft)
    assert not operator_dinkes.has_perm("gugus_tugas.buka_rapat", draft)


def test_buka_rapat_opens_a_scheduled_meeting_to_an_operator_but_not_to_a_case_worker(operator_dinkes, petugas_kasus):
    rapat = RapatFactory(status=Rapat.Status.TERJADWAL)
    assert operator_dinkes.has_perm("gugus_tugas.buka_rapat", rapat)
    assert not petugas_kasus.has_perm("gugus_tugas.buka_rapat", rapat)


def test_tindak_lanjut_saya_is_for_operators_and_not_for_the_chair(operator_dinkes, pimpinan):
    assert operator_dinkes.has_perm("gugus_tugas.tindak_lanjut_saya")
    assert not pimpinan.has_perm("gugus_tugas.tindak_lanjut_saya")


def test_tindak_lanjut_update_allows_the_owner_opd_and_refuses_another_opd(operator_dinkes, opd_dinkes, roles):
    milik = TindakLanjutFactory(opd=opd_dinkes)
    operator_lain = UserFactory(peran=Peran.OPERATOR_OPD, opd=OPDFactory())
    assert operator_dinkes.has_perm("gugus_tugas.perbarui_tindak_lanjut", milik)
    assert not operator_lain.has_perm("gugus_tugas.perbarui_tindak_lanjut", milik)


def test_tindak_lanjut_update_allows_the_secretariat_and_refuses_a_coordinator_of_the_same_opd(
    admin_user, koordinator_klaster3, opd_dinkes
):
    milik = TindakLanjutFactory(opd=opd_dinkes)
    assert admin_user.has_perm("gugus_tugas.perbarui_tindak_lanjut", milik)
    assert not koordinator_klaster3.has_perm("gugus_tugas.perbarui_tindak_lanjut", milik)


def test_pages_for_managing_a_meeting_refuse_anyone_but_the_secretariat(client, pimpinan, operator_dinkes):
    rapat = RapatFactory()
    for user in (pimpinan, operator_dinkes):
        client.force_login(user)
        assert client.get("/rapat/baru/").status_code == 403
        assert client.get(f"/rapat/{rapat.pk}/ubah/").status_code == 403
        assert client.post(f"/rapat/{rapat.pk}/notulen/", {"notulen": "x"}).status_code == 403
        assert client.post(f"/rapat/{rapat.pk}/tutup/").status_code == 403
    rapat.refresh_from_db()
    assert rapat.notulen == "" and rapat.status == Rapat.Status.TERJADWAL


def test_the_secretariat_reaches_the_create_page(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/rapat/baru/").status_code == 200


def test_a_draft_is_a_404_for_members_and_readable_for_the_secretariat(client, admin_user, pimpinan):
    draft = RapatFactory(status=Rapat.Status.DRAFT)
    client.force_login(pimpinan)
    assert client.get(f"/rapat/{draft.pk}/").status_code == 404
    assert client.get(f"/rapat/{draft.pk}/notulen.pdf").status_code == 404
    client.force_login(admin_user)
    assert client.get(f"/rapat/{draft.pk}/").status_code == 200


def test_a_case_worker_cannot_open_a_meeting(client, petugas_kasus):
    rapat = RapatFactory()
    client.force_login(petugas_kasus)
    assert client.get(f"/rapat/{rapat.pk}/").status_code == 403


def test_the_detail_page_shows_management_forms_only_to_the_secretariat(client, admin_user, pimpinan):
    rapat = RapatFactory()
    client.force_login(pimpinan)
    assert 'name="notulen"' not in client.get(f"/rapat/{rapat.pk}/").content.decode()
    client.force_login(admin_user)
    assert 'name="notulen"' in client.get(f"/rapat/{rapat.pk}/").content.decode()


def test_services_refuse_a_user_without_the_right(pimpinan, operator_dinkes):
    with pytest.raises(PermissionDenied):
        notulen_update(rapat=RapatFactory(), notulen="x", by=pimpinan)
    with pytest.raises(PermissionDenied):
        tindak_lanjut_update(
            tindak_lanjut=TindakLanjutFactory(opd=OPDFactory()), status=TindakLanjut.Status.PROSES, by=operator_dinkes
        )
