"""Evidence files of the self-assessment: the cluster's coordinator, the secretariat and the Pimpinan only."""

import pytest

from tests.evaluasi.factories import BuktiPenilaianFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def bukti_klaster3(db):
    # Indicator 14 belongs to Klaster III.
    return BuktiPenilaianFactory(nama_asli="sk-puskesmas-ramah-anak.pdf")


def test_it_gives_the_file_to_the_clusters_coordinator(client, koordinator_klaster3, bukti_klaster3):
    client.force_login(koordinator_klaster3)
    response = client.get(f"/evaluasi/bukti/{bukti_klaster3.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 uji"


@pytest.mark.parametrize("role", ["admin_user", "pimpinan"])
def test_it_gives_the_file_to_the_secretariat_and_the_pimpinan(client, request, role, bukti_klaster3):
    client.force_login(request.getfixturevalue(role))
    assert client.get(f"/evaluasi/bukti/{bukti_klaster3.pk}/").status_code == 200


def test_it_hides_the_file_from_another_clusters_coordinator(client, koordinator_klaster5, bukti_klaster3):
    client.force_login(koordinator_klaster5)
    assert client.get(f"/evaluasi/bukti/{bukti_klaster3.pk}/").status_code == 404
    assert client.post(f"/evaluasi/bukti/{bukti_klaster3.pk}/hapus/").status_code == 404


def test_the_rule_allows_the_own_cluster_and_refuses_another(
    koordinator_klaster3, koordinator_klaster5, bukti_klaster3
):
    assert koordinator_klaster3.has_perm("evaluasi.unduh_bukti_penilaian", bukti_klaster3)
    assert not koordinator_klaster5.has_perm("evaluasi.unduh_bukti_penilaian", bukti_klaster3)


def test_the_indicator_page_links_the_file_only_for_those_who_may_have_it(
    client, koordinator_klaster3, koordinator_klaster5, bukti_klaster3
):
    url = f"/evaluasi/2025/indikator/{bukti_klaster3.penilaian_indikator.indikator_id}/"
    link = f"/evaluasi/bukti/{bukti_klaster3.pk}/"
    client.force_login(koordinator_klaster3)
    assert link in client.get(url).content.decode()
    client.force_login(koordinator_klaster5)
    html = client.get(url).content.decode()
    assert link not in html and "sk-puskesmas-ramah-anak.pdf" in html
