"""Factories for the RAD KLA."""

import datetime
from decimal import Decimal

import factory

from klaster.models import Indikator
from rad_kla.models import BuktiDukung, PeriodePelaporan, Realisasi, RencanaAksi, TargetTahunan
from tests.gugus_tugas.factories import OPDFactory, UserFactory


class RencanaAksiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RencanaAksi

    kode = factory.Sequence(lambda n: f"RAD-{n:04d}")
    indikator = factory.LazyFunction(lambda: Indikator.objects.get(kode="14"))
    uraian = factory.Sequence(lambda n: f"Pembinaan Puskesmas Ramah Anak tahap {n}")
    indikator_keluaran = "Puskesmas Ramah Anak terbina"
    satuan = "puskesmas"
    arah = factory.LazyAttribute(lambda o: o.indikator.arah)
    opd = factory.SubFactory(OPDFactory)


class TargetTahunanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetTahunan

    rencana_aksi = factory.SubFactory(RencanaAksiFactory)
    tahun = 2025
    target = Decimal("10")
    pagu = 100_000_000


class PeriodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeriodePelaporan
        django_get_or_create = ["tahun", "jenis", "nomor"]

    tahun = 2025
    jenis = PeriodePelaporan.Jenis.TRIWULAN
    nomor = 1
    mulai = factory.LazyAttribute(lambda o: datetime.date(o.tahun, 3 * (o.nomor - 1) + 1, 1))
    selesai = factory.LazyAttribute(lambda o: datetime.date(o.tahun, 3 * o.nomor, [31, 30, 30, 31][o.nomor - 1]))
    batas_lapor = factory.LazyAttribute(lambda o: o.selesai + datetime.timedelta(days=15))
    terbuka = True


class RealisasiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Realisasi

    rencana_aksi = factory.SubFactory(RencanaAksiFactory)
    periode = factory.SubFactory(PeriodeFactory)
    nilai_capaian = Decimal("5")
    realisasi_anggaran = 10_000_000
    narasi = "Kegiatan terlaksana."
    status = Realisasi.Status.DIAJUKAN
    dibuat_oleh = factory.SubFactory(UserFactory)


class BuktiDukungFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BuktiDukung

    realisasi = factory.SubFactory(RealisasiFactory)
    berkas = factory.django.FileField(filename="daftar-hadir.pdf", data=b"%PDF-1.4 uji")
    nama_asli = "daftar-hadir.pdf"
    jenis_konten = "application/pdf"
    ukuran = 12
    diunggah_oleh = factory.SubFactory(UserFactory)
