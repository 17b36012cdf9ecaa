"""Self-assessment: who fills which indicator, score bounds, evidence backing, finalising locks the year."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluasi import services
from evaluasi.models import PenilaianIndikator, PenilaianTahun
from evaluasi.selectors import penilaian_ringkasan_get
from klaster.models import Indikator
from rad_kla.models import Realisasi
from tests.evaluasi.factories import BuktiPenilaianFactory, PenilaianIndikatorFactory
from tests.rad_kla.factories import RealisasiFactory

pytestmark = pytest.mark.django_db


def indikator(kode: str) -> Indikator:
    return Indikator.objects.get(kode=kode)


def test_coordinator_may_fill_an_indicator_of_their_cluster(koordinator_klaster3):
    assert koordinator_klaster3.has_perm("evaluasi.isi_penilaian", indikator("14"))


def test_coordinator_may_not_fill_another_clusters_indicator(koordinator_klaster3):
    assert not koordinator_klaster3.has_perm("evaluasi.isi_penilaian", indikator("21"))


def test_admin_may_fill_every_indicator_and_finalise(admin_user):
    assert admin_user.has_perm("evaluasi.isi_penilaian", indikator("21"))
    assert admin_user.has_perm("evaluasi.finalisasi_penilaian")


def test_pimpinan_reads_but_neither_fills_nor_finalises(pimpinan):
    assert pimpinan.has_perm("evaluasi.lihat_evaluasi")
    assert not pimpinan.has_perm("evaluasi.isi_penilaian", indikator("14"))
    assert not pimpinan.has_perm("evaluasi.finalisasi_penilaian")


def test_coordinator_may_not_finalise(koordinator_klaster3):
    assert not koordinator_klaster3.has_perm("evaluasi.finalisasi_penilaian")


def test_operator_may_not_read_the_self_assessment(operator_dinkes):
    assert not operator_dinkes.has_perm("evaluasi.lihat_evaluasi")


def test_saving_a_score_records_who_and_keeps_history(koordinator_klaster3):
    item = services.penilaian_indikator_update(
        tahun=2025, indikator=indikator("14"), skor=Decimal("30.5"), narasi="Lima puskesmas.", by=koordinator_klaster3
    )
    services.penilaian_indikator_update(
        tahun=2025, indikator=indikator("14"), skor=Decimal("32"), narasi="Enam puskesmas.", by=koordinator_klaster3
    )
    item.refresh_from_db()
    assert item.skor == Decimal("32") and item.diperbarui_oleh == koordinator_klaster3
    assert [h.skor for h in item.history.order_by("history_date")] == [Decimal("30.50"), Decimal("32.00")]


def test_a_score_above_the_bobot_is_refused_in_indonesian(admin_user):
    target = indikator("14")
    with pytest.raises(ValidationError, match="harus antara 0 dan"):
        services.penilaian_indikator_update(
            tahun=2025, indikator=target, skor=target.bobot + 1, narasi="", by=admin_user
        )
    assert not PenilaianIndikator.objects.exists()


def test_the_service_refuses_a_coordinator_outside_their_cluster(koordinator_klaster3):
    with pytest.raises(PermissionDenied):
        services.penilaian_indikator_update(
            tahun=2025, indikator=indikator("21"), skor=Decimal("1"), narasi="", by=koordinator_klaster3
        )


def test_only_verified_realisations_of_the_indicator_may_be_cited(admin_user, realisasi_terverifikasi):
    submitted = RealisasiFactory(
        rencana_aksi=realisasi_terverifikasi.rencana_aksi,
        periode=realisasi_terverifikasi.periode.__class__.objects.create(
            tahun=2025, jenis="triwulan", nomor=3, mulai="2025-07-01", selesai="2025-09-30", batas_lapor="2025-10-15"
        ),
        status=Realisasi.Status.DIAJUKAN,
    )
    with pytest.raises(ValidationError, match="terverifikasi"):
        services.penilaian_indikator_update(
            tahun=2025,
            indikator=indikator("14"),
            skor=Decimal("10"),
            narasi="",
            realisasi_ids=[submitted.pk],
            by=admin_user,
        )
    item = services.penilaian_indikator_update(
        tahun=2025,
        indikator=indikator("14"),
        skor=Decimal("10"),
        narasi="",
        realisasi_ids=[realisasi_terverifikasi.pk],
        by=admin_user,
    )
    assert list(item.realisasi.all()) == [realisasi_terverifikasi]


def test_a_score_without_evidence_counts_as_unbacked():
    PenilaianIndikatorFactory(indikator=indikator("14"), skor=Decimal("30"))
    backed = PenilaianIndikatorFactory(indikator=indikator("15"), skor=Decimal("20"))
    BuktiPenilaianFactory(penilaian_indikator=backed)
    ringkasan = penilaian_ringkasan_get(tahun=2025)
    assert ringkasan.skor_total == Decimal("50")
    assert ringkasan.skor_didukung == Decimal("20")
    klaster3 = next(k for k in ringkasan.klaster if k.klaster.kode == "III")
    assert klaster3.skor_didukung == Decimal("20") and klaster3.jumlah_terisi == 2


def test_a_cited_verified_realisation_backs_the_score(admin_user, realisasi_terverifikasi):
    services.penilaian_indikator_update(
        tahun=2025,
        indikator=indikator("14"),
        skor=Decimal("25"),
        narasi="",
        realisasi_ids=[realisasi_terverifikasi.pk],
        by=admin_user,
    )
    assert penilaian_ringkasan_get(tahun=2025).skor_didukung == Decimal("25")


def test_the_gap_to_utama_is_computed_from_the_claimed_total(admin_user):
    from gugus_tugas.models import ProfilDaerah
    from klaster.models import Predikat

    ProfilDaerah.objects.create(
        nama_daerah="Metro",
        jenis="kota",
        provinsi="Lampung",
        kode="18.72",
        predikat_target=Predikat.objects.get(nama="Utama"),
        tahun_rad_mulai=2024,
        tahun_rad_selesai=2030,
    )
    PenilaianIndikatorFactory(indikator=indikator("14"), skor=Decimal("40"))
    ringkasan = penilaian_ringkasan_get(tahun=2025)
    assert ringkasan.kurang == Decimal("761")


def test_finalising_needs_every_indicator_scored(admin_user):
    services.penilaian_indikator_update(
        tahun=2025, indikator=indikator("14"), skor=Decimal("1"), narasi="", by=admin_user
    )
    with pytest.raises(ValidationError, match="23 indikator belum diberi skor"):
        services.penilaian_finalize(tahun=2025, by=admin_user)
    assert PenilaianTahun.objects.get(tahun=2025).status == PenilaianTahun.Status.DRAFT


def test_a_finalised_year_is_locked(admin_user, pdf_upload):
    from klaster.selectors import indikator_aktif_list

    for item in indikator_aktif_list(tahun=2025):
        services.penilaian_indikator_update(
            tahun=2025, indikator=item, skor=(item.bobot / 2).quantize(Decimal("0.01")), narasi="", by=admin_user
        )
    penilaian = services.penilaian_finalize(tahun=2025, by=admin_user)
    assert penilaian.final and penilaian.difinalkan_oleh == admin_user
    with pytest.raises(ValidationError, match="sudah final"):
        services.penilaian_indikator_update(
            tahun=2025, indikator=indikator("14"), skor=Decimal("1"), narasi="", by=admin_user
        )
    with pytest.raises(ValidationError, match="sudah final"):
        services.bukti_penilaian_create(tahun=2025, indikator=indikator("14"), berkas=pdf_upload, by=admin_user)


def test_an_evidence_file_is_checked_by_content(admin_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("bukti.pdf", b"bukan pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="tidak sesuai"):
        services.bukti_penilaian_create(tahun=2025, indikator=indikator("14"), berkas=fake, by=admin_user)


def test_the_official_result_takes_the_predikat_from_its_score(admin_user):
    penilaian = services.hasil_resmi_set(tahun=2025, skor=Decimal("741.30"), by=admin_user)
    assert penilaian.predikat_resmi.nama == "Nindya"


def test_held_meetings_and_the_case_statistics_back_a_claim(admin_user):
    from tests.gugus_tugas.factories import RapatFactory

    rakor = RapatFactory(judul="Rakor penguatan klaster V", status="selesai")
    item = services.penilaian_indikator_update(
        tahun=2025,
        indikator=indikator("21"),
        skor=Decimal("20"),
        narasi="Layanan UPTD PPA.",
        rapat_ids=[rakor.pk],
        statistik_kasus=True,
        by=admin_user,
    )
    assert list(item.rapat.all()) == [rakor] and item.statistik_kasus
    baris = next(b for b in penilaian_ringkasan_get(tahun=2025).baris if b.indikator.kode == "21")
    assert baris.didukung and baris.jumlah_rapat == 1 and baris.skor_didukung == Decimal("20")


def test_a_meeting_not_yet_held_or_from_long_ago_cannot_back_a_claim(admin_user):
    import datetime

    from django.utils import timezone

    from tests.gugus_tugas.factories import RapatFactory

    for rapat in (
        RapatFactory(status="terjadwal"),
        RapatFactory(status="selesai", mulai=timezone.make_aware(datetime.datetime(2022, 3, 1, 9, 0))),
    ):
        with pytest.raises(ValidationError) as error:
            services.penilaian_indikator_update(
                tahun=2025, indikator=indikator("21"), skor=None, narasi="", rapat_ids=[rapat.pk], by=admin_user
            )
        assert "rapat" in error.value.message_dict


def test_the_case_statistics_back_only_special_protection_indicators(admin_user):
    with pytest.raises(ValidationError) as error:
        services.penilaian_indikator_update(
            tahun=2025, indikator=indikator("14"), skor=None, narasi="", statistik_kasus=True, by=admin_user
        )
    assert "statistik_kasus" in error.value.message_dict
