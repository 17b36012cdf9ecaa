"""Drafts and evidence: the owner OPD, the verifying coordinator and the secretariat only.

The RAD itself stays readable by everyone who works on the plan; submitted and verified realisations are
part of it (the Pimpinan reads them), draft and returned ones are the OPD's working copies, and evidence
files are only for those who work on the realisation. Whoever may not know of one gets a 404.
"""

import pytest
from django.urls import reverse

from gugus_tugas.models import Peran
from rad_kla.models import BuktiDukung, Realisasi
from rad_kla.selectors import realisasi_visible
from tests.gugus_tugas.factories import OPDFactory, UserFactory
from tests.rad_kla.factories import BuktiDukungFactory, PeriodeFactory, RealisasiFactory

pytestmark = pytest.mark.django_db

DIPROSES_OPD = [Realisasi.Status.DRAFT, Realisasi.Status.DIKEMBALIKAN]
DILAPORKAN = [Realisasi.Status.DIAJUKAN, Realisasi.Status.DIVERIFIKASI]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def operator_lain(roles):
    return UserFactory(username="operator.disdik", peran=Peran.OPERATOR_OPD, opd=OPDFactory(singkatan="Disdik"))


@pytest.fixture
def laporan(rencana):
    """One realisation of each status on the Dinas Kesehatan's action (Klaster III), each with a file."""
    result = {}
    for nomor, status in enumerate([*DIPROSES_OPD, *DILAPORKAN], start=1):
        realisasi = RealisasiFactory(
            rencana_aksi=rencana, periode=PeriodeFactory(tahun=2025, nomor=nomor), status=status
        )
        BuktiDukungFactory(realisasi=realisasi, nama_asli=f"bukti-{status}.pdf")
        result[status] = realisasi
    return result


@pytest.fixture
def bekerja(admin_user, operator_dinkes, koordinator_klaster3):
    """Those who work on the realisations: the secretariat, the owner OPD, the cluster's coordinator."""
    return [admin_user, operator_dinkes, koordinator_klaster3]


@pytest.fixture
def luar(pimpinan, operator_lain, koordinator_klaster5):
    """Readers of the RAD who do not work on this action's realisations."""
    return [pimpinan, operator_lain, koordinator_klaster5]


# Rules -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", DIPROSES_OPD)
def test_a_draft_or_returned_realisation_is_read_only_by_those_who_work_on_it(status, laporan, bekerja, luar):
    realisasi = laporan[status]
    for user in bekerja:
        assert user.has_perm("rad_kla.lihat_realisasi", realisasi), user.username
    for user in luar:
        assert not user.has_perm("rad_kla.lihat_realisasi", realisasi), user.username


@pytest.mark.parametrize("status", DILAPORKAN)
def test_a_submitted_or_verified_realisation_is_read_by_every_reader_of_the_rad(
    status, laporan, bekerja, luar, petugas_kasus
):
    realisasi = laporan[status]
    for user in [*bekerja, *luar]:
        assert user.has_perm("rad_kla.lihat_realisasi", realisasi), user.username
    assert not petugas_kasus.has_perm("rad_kla.lihat_realisasi", realisasi)


@pytest.mark.parametrize("status", [*DIPROSES_OPD, *DILAPORKAN])
def test_evidence_is_only_for_those_who_work_on_the_realisation_whatever_its_status(status, laporan, bekerja, luar):
    bukti = laporan[status].bukti.get()
    for user in bekerja:
        assert user.has_perm("rad_kla.unduh_bukti", bukti), user.username
    for user in luar:
        assert not user.has_perm("rad_kla.unduh_bukti", bukti), user.username


def test_the_selector_agrees_with_the_rule(laporan, bekerja, luar, petugas_kasus):
    for user in [*bekerja, *luar, petugas_kasus]:
        expected = {r.pk for r in laporan.values() if user.has_perm("rad_kla.lihat_realisasi", r)}
        assert set(realisasi_visible(user=user).values_list("pk", flat=True)) == expected, user.username


# Pages -----------------------------------------------------------------------------------------


def detail(realisasi) -> str:
    return reverse("rad_kla:realisasi_detail", args=[realisasi.pk])


def test_another_opds_operator_gets_404_for_a_draft_and_reads_a_submitted_one(client, laporan, operator_lain):
    client.force_login(operator_lain)
    assert client.get(detail(laporan[Realisasi.Status.DRAFT])).status_code == 404
    assert client.get(detail(laporan[Realisasi.Status.DIKEMBALIKAN])).status_code == 404
    response = client.get(detail(laporan[Realisasi.Status.DIAJUKAN]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "bukti-diajukan.pdf" not in html and "hanya dapat dibuka oleh OPD pemilik" in html


def test_the_owner_opd_reads_its_draft_with_its_evidence(client, laporan, operator_dinkes):
    client.force_login(operator_dinkes)
    response = client.get(detail(laporan[Realisasi.Status.DRAFT]))
    assert response.status_code == 200 and "bukti-draft.pdf" in response.content.decode()


def test_the_pimpinan_reads_verified_realisations_but_not_drafts(client, laporan, pimpinan):
    client.force_login(pimpinan)
    assert client.get(detail(laporan[Realisasi.Status.DIVERIFIKASI])).status_code == 200
    assert client.get(detail(laporan[Realisasi.Status.DRAFT])).status_code == 404


def test_evidence_download_is_404_for_another_opd_and_another_cluster(
    client, laporan, operator_lain, koordinator_klaster5, pimpinan
):
    for status in [*DIPROSES_OPD, *DILAPORKAN]:
        url = reverse("rad_kla:bukti_unduh", args=[laporan[status].bukti.get().pk])
        for user in (operator_lain, koordinator_klaster5, pimpinan):
            client.force_login(user)
            assert client.get(url).status_code == 404, (status, user.username)


def test_evidence_download_works_for_the_owner_the_coordinator_and_the_secretariat(client, laporan, bekerja):
    url = reverse("rad_kla:bukti_unduh", args=[laporan[Realisasi.Status.DRAFT].bukti.get().pk])
    for user in bekerja:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user.username
        assert b"".join(response.streaming_content) == b"%PDF-1.4 uji"


def test_another_opd_cannot_even_learn_that_an_evidence_file_exists_by_deleting_it(client, laporan, operator_lain):
    bukti = laporan[Realisasi.Status.DRAFT].bukti.get()
    client.force_login(operator_lain)
    assert client.post(reverse("rad_kla:bukti_hapus", args=[bukti.pk])).status_code == 404
    assert BuktiDukung.objects.filter(pk=bukti.pk).exists()


def test_the_action_page_lists_drafts_only_for_those_who_work_on_them(client, rencana, laporan, operator_lain):
    url = reverse("rad_kla:detail", args=[rencana.pk])
    client.force_login(operator_lain)
    html = client.get(url).content.decode()
    assert detail(laporan[Realisasi.Status.DIAJUKAN]) in html
    assert detail(laporan[Realisasi.Status.DRAFT]) not in html
    assert detail(laporan[Realisasi.Status.DIKEMBALIKAN]) not in html


def test_the_action_page_lists_the_owners_drafts_for_the_owner(client, rencana, laporan, operator_dinkes):
    client.force_login(operator_dinkes)
    html = client.get(reverse("rad_kla:detail", args=[rencana.pk])).content.decode()
    assert detail(laporan[Realisasi.Status.DRAFT]) in html


def test_the_status_filter_does_not_tell_another_opd_who_has_a_draft(client, rencana, laporan, operator_lain):
    url = reverse("rad_kla:index") + "?tahun=2025&status=draft"
    client.force_login(operator_lain)
    assert rencana.kode not in client.get(url).content.decode()


def test_the_status_filter_finds_the_owners_own_drafts(client, rencana, laporan, operator_dinkes):
    client.force_login(operator_dinkes)
    html = client.get(reverse("rad_kla:index") + "?tahun=2025&status=draft").content.decode()
    assert rencana.kode in html
