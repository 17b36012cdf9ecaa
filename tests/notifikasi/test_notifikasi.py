"""Notifications: the person who must act is told in the app (and by e-mail), once a day per object, and only them."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from evaluasi import services as evaluasi_services
from gugus_tugas.models import Peran, Rapat
from notifikasi.models import Notifikasi
from notifikasi.tasks import notifikasi_email_send_task
from rad_kla.services import realisasi_return, realisasi_submit, realisasi_update, realisasi_verify
from tests.evaluasi.factories import LaporanJobFactory
from tests.gugus_tugas.factories import RapatFactory, TindakLanjutFactory, UserFactory

pytestmark = pytest.mark.django_db


def submitted(rencana, periode, operator):
    realisasi = realisasi_update(
        rencana=rencana,
        periode=periode,
        by=operator,
        nilai_capaian=Decimal("4"),
        realisasi_anggaran=1_000_000,
        narasi="Pelatihan <b>4</b> puskesmas.",
    )
    return realisasi_submit(realisasi=realisasi, by=operator)


def of(user, jenis=None):
    qs = Notifikasi.objects.filter(penerima=user)
    return list(qs.filter(jenis=jenis) if jenis else qs)


def test_a_submission_tells_the_clusters_coordinator_who_opens_it_from_the_menu(
    client, rencana, periode_terbuka, operator_dinkes, koordinator_klaster3, koordinator_klaster5
):
    with_email = koordinator_klaster3
    with_email.email = "koordinator@example.org"
    with_email.save()
    realisasi = submitted(rencana, periode_terbuka, operator_dinkes)
    [item] = of(koordinator_klaster3, Notifikasi.Jenis.REALISASI_DIAJUKAN)
    assert rencana.kode in item.judul and item.tautan == reverse("rad_kla:realisasi_detail", args=[realisasi.pk])
    assert of(koordinator_klaster5) == [] and of(operator_dinkes) == []  # another cluster; the submitter
    client.force_login(koordinator_klaster3)
    html = client.get("/").content.decode()
    assert 'data-testid="jumlah-notifikasi">1' in html
    response = client.post(reverse("notifikasi:buka", args=[item.pk]))
    assert response.status_code == 302 and response["Location"] == item.tautan
    item.refresh_from_db()
    assert item.dibaca_pada is not None
    assert 'data-testid="jumlah-notifikasi"' not in client.get("/").content.decode()


def test_a_verdict_tells_the_opds_operators_once_a_day(rencana, periode_terbuka, operator_dinkes, koordinator_klaster3):
    second = UserFactory(peran=Peran.OPERATOR_OPD, opd=operator_dinkes.opd)
    gone = UserFactory(peran=Peran.OPERATOR_OPD, opd=operator_dinkes.opd, is_active=False)
    realisasi = submitted(rencana, periode_terbuka, operator_dinkes)
    realisasi_return(realisasi=realisasi, by=koordinator_klaster3, catatan="Lampirkan daftar hadir.")
    realisasi = submitted(rencana, periode_terbuka, operator_dinkes)
    realisasi_return(realisasi=realisasi, by=koordinator_klaster3, catatan="Masih kurang.")
    assert len(of(operator_dinkes, Notifikasi.Jenis.REALISASI_DIKEMBALIKAN)) == 1
    assert len(of(second, Notifikasi.Jenis.REALISASI_DIKEMBALIKAN)) == 1
    assert of(gone) == []
    realisasi = submitted(rencana, periode_terbuka, operator_dinkes)
    realisasi_verify(realisasi=realisasi, by=koordinator_klaster3)
    assert len(of(operator_dinkes, Notifikasi.Jenis.REALISASI_DIVERIFIKASI)) == 1


def test_the_email_says_what_and_where_and_is_sent_once(
    rencana, periode_terbuka, operator_dinkes, koordinator_klaster3
):
    koordinator_klaster3.email = "koordinator@example.org"
    koordinator_klaster3.save()
    submitted(rencana, periode_terbuka, operator_dinkes)
    [item] = of(koordinator_klaster3)
    assert notifikasi_email_send_task.apply(args=[[item.pk]]).get() == 1
    assert notifikasi_email_send_task.apply(args=[[item.pk]]).get() == 0
    [message] = mail.outbox
    assert message.to == ["koordinator@example.org"] and rencana.kode in message.subject
    assert item.tautan in message.body
    assert "<b>" not in message.body  # the narrative is not in it


def test_nobody_opens_or_sees_anyone_elses_notifications(
    client, rencana, periode_terbuka, operator_dinkes, koordinator_klaster3
):
    submitted(rencana, periode_terbuka, operator_dinkes)
    [item] = of(koordinator_klaster3)
    client.force_login(operator_dinkes)
    assert client.post(reverse("notifikasi:buka", args=[item.pk])).status_code == 404
    assert rencana.kode not in client.get(reverse("notifikasi:index")).content.decode()
    assert client.get(reverse("notifikasi:buka", args=[item.pk])).status_code == 405  # a read is a POST (CSRF)
    item.refresh_from_db()
    assert item.dibaca_pada is None
    client.logout()
    assert client.get(reverse("notifikasi:index")).status_code == 302


def test_a_follow_up_is_news_for_its_opd_once_its_meeting_is_published(operator_dinkes, opd_dinkes):
    draft = RapatFactory(status=Rapat.Status.DRAFT)
    item = TindakLanjutFactory(rapat=draft, opd=opd_dinkes, uraian="Terbitkan SK KTR")
    assert of(operator_dinkes) == []  # the operator cannot open a draft meeting's follow-ups
    draft.status = Rapat.Status.TERJADWAL
    draft.save()
    draft.judul = "Rakor (diubah)"
    draft.save()
    [note] = of(operator_dinkes, Notifikasi.Jenis.TINDAK_LANJUT_BARU)
    assert "Terbitkan SK KTR" in note.judul and note.tautan.endswith(f"/{item.pk}/")
    TindakLanjutFactory(rapat=draft, opd=opd_dinkes, uraian="Data anak per kelurahan")
    assert len(of(operator_dinkes, Notifikasi.Jenis.TINDAK_LANJUT_BARU)) == 2


def test_a_finished_report_tells_who_asked(admin_user, pimpinan):
    job = LaporanJobFactory(jenis="kasus", parameter={"tahun": 2025}, diminta_oleh=admin_user)
    job.pengikut.add(pimpinan)
    assert evaluasi_services.laporan_render(job_id=job.pk) == "selesai"
    for user in (admin_user, pimpinan):
        [item] = of(user, Notifikasi.Jenis.LAPORAN_SIAP)
        assert item.tautan == reverse("evaluasi:laporan")


def test_the_list_is_paginated_and_marks_all_read(client, operator_dinkes, opd_dinkes):
    rapat = RapatFactory()
    for n in range(30):
        TindakLanjutFactory(rapat=rapat, opd=opd_dinkes, uraian=f"Tindak lanjut <script>{n}</script>")
    client.force_login(operator_dinkes)
    html = client.get(reverse("notifikasi:index")).content.decode()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Halaman 1 dari 2" in html
    client.post(reverse("notifikasi:baca_semua"))
    assert not Notifikasi.objects.filter(penerima=operator_dinkes, dibaca_pada__isnull=True).exists()
