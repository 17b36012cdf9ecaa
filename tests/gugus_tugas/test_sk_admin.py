"""The secretariat records a new decree with its members; the old decree stays readable."""

import datetime

import pytest

from gugus_tugas.models import OPD, AnggotaGugusTugas, SKGugusTugas
from klaster.models import Klaster
from tests.gugus_tugas.factories import OPDFactory

pytestmark = pytest.mark.django_db


def sk_form_data(members: list[dict]) -> dict:
    data = {
        "nomor": "400.2.5.1.136/2025",
        "tanggal": "2025-02-03",
        "tentang": "Pembentukan Gugus Tugas Kota Layak Anak Kota Metro",
        "berlaku_mulai": "2025-02-03",
        "berlaku_sampai": "",
        "anggota-TOTAL_FORMS": len(members),
        "anggota-INITIAL_FORMS": 0,
        "anggota-MIN_NUM_FORMS": 0,
        "anggota-MAX_NUM_FORMS": 1000,
    }
    for index, member in enumerate(members):
        for key, value in {"urutan": index + 1, "klaster": "", **member}.items():
            data[f"anggota-{index}-{key}"] = value
    return data


def test_the_secretariat_records_a_new_decree_and_the_old_one_stays_readable(client, admin_user):
    lama = SKGugusTugas.objects.create(
        nomor="522/KPTS/D-08/2024",
        tanggal=datetime.date(2024, 1, 15),
        tentang="Gugus Tugas KLA",
        berlaku_mulai=datetime.date(2024, 1, 15),
        berlaku_sampai=datetime.date(2025, 2, 2),
    )
    bappeda = OPDFactory(nama="Bappeda Uji", singkatan="BPU")
    kejari = OPDFactory(nama="Kejaksaan Negeri Metro", singkatan="Kejari", jenis=OPD.Jenis.INSTANSI_VERTIKAL)
    forum_anak = OPDFactory(nama="Forum Anak Kota Metro", singkatan="FA", jenis=OPD.Jenis.NON_PEMERINTAH)
    klaster5 = Klaster.objects.get(kode="V")
    client.force_login(admin_user)
    assert 'data-testid="catat-sk-baru"' in client.get("/gugus-tugas/").content.decode()

    response = client.post(
        "/admin/gugus_tugas/skgugustugas/add/",
        sk_form_data(
            [
                {"jabatan": "Kepala Bappeda", "opd": bappeda.pk, "kedudukan": "ketua"},
                {
                    "jabatan": "Kepala Kejaksaan Negeri",
                    "opd": kejari.pk,
                    "kedudukan": "koordinator",
                    "klaster": klaster5.pk,
                },
                {"jabatan": "Ketua Forum Anak", "opd": forum_anak.pk, "kedudukan": "anggota"},
            ]
        ),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    baru = SKGugusTugas.objects.get(nomor="400.2.5.1.136/2025")
    assert [a.kedudukan for a in baru.anggota.all()] == ["ketua", "koordinator", "anggota"]
    assert AnggotaGugusTugas.objects.get(sk=baru, opd=kejari).klaster == klaster5
    html = client.get("/gugus-tugas/").content.decode()
    berlaku, riwayat = html.split("Riwayat SK Gugus Tugas")
    assert "400.2.5.1.136/2025" in berlaku and "Ketua Forum Anak" in berlaku
    assert lama.nomor in riwayat
    assert baru.history.get().history_user == admin_user


def test_an_operator_can_neither_see_nor_use_the_decree_form(client, operator_dinkes):
    client.force_login(operator_dinkes)

    assert 'data-testid="catat-sk-baru"' not in client.get("/gugus-tugas/").content.decode()
    response = client.post("/admin/gugus_tugas/skgugustugas/add/", sk_form_data([]))
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert not SKGugusTugas.objects.exists()
