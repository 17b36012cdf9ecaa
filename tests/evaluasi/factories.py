"""Factories for the self-assessment and report jobs."""

from decimal import Decimal

import factory

from evaluasi.models import BuktiPenilaian, LaporanJob, PenilaianIndikator, PenilaianTahun
from evaluasi.services import laporan_kunci
from klaster.models import Indikator
from tests.gugus_tugas.factories import UserFactory


class PenilaianTahunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PenilaianTahun
        django_get_or_create = ["tahun"]

    tahun = 2025


class PenilaianIndikatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PenilaianIndikator

    penilaian = factory.SubFactory(PenilaianTahunFactory)
    indikator = factory.LazyFunction(lambda: Indikator.objects.get(kode="14"))
    skor = Decimal("30")
    narasi = "Puskesmas ramah anak terbina di lima kecamatan."


class BuktiPenilaianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BuktiPenilaian

    penilaian_indikator = factory.SubFactory(PenilaianIndikatorFactory)
    berkas = factory.django.FileField(filename="bukti.pdf", data=b"%PDF-1.4 uji")
    nama_asli = "bukti.pdf"
    jenis_konten = "application/pdf"
    ukuran = 12
    diunggah_oleh = factory.SubFactory(UserFactory)


class LaporanJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LaporanJob

    jenis = LaporanJob.Jenis.EVALUASI
    parameter = factory.LazyFunction(lambda: {"tahun": 2025})
    bab_tertutup = factory.LazyFunction(list)
    kunci = factory.LazyAttribute(lambda o: laporan_kunci(o.jenis, o.parameter, o.bab_tertutup))
    status = LaporanJob.Status.ANTRI
