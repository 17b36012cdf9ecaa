"""Factories for case records; identity values are recognisable so tests can look for them."""

import datetime

import factory

from gugus_tugas.models import Wilayah
from kasus.models import (
    JenisKelamin,
    Kasus,
    KasusJenisKekerasan,
    Korban,
    Layanan,
    Pelaku,
    Saluran,
    TempatKejadian,
    kelompok_umur_for,
)
from tests.gugus_tugas.factories import KecamatanFactory, OPDFactory, UserFactory


class KelurahanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wilayah

    nama = factory.Sequence(lambda n: f"Kelurahan Uji {n}")
    jenis = Wilayah.Jenis.KELURAHAN
    induk = factory.SubFactory(KecamatanFactory)


class KasusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kasus
        skip_postgeneration_save = True

    nomor_registrasi = factory.Sequence(lambda n: f"KASUS/2024/{n + 1:04d}")
    tanggal_lapor = datetime.date(2024, 3, 10)
    tanggal_kejadian = datetime.date(2024, 3, 8)
    saluran = Saluran.DATANG_LANGSUNG
    kelurahan = factory.SubFactory(KelurahanFactory)
    tempat_kejadian = TempatKejadian.RUMAH_TANGGA
    kronologi = "Kronologi uji."
    dibuat_oleh = factory.SubFactory(UserFactory)
    jenis = factory.RelatedFactory(
        "tests.kasus.factories.JenisKekerasanFactory", factory_related_name="kasus", jenis="fisik"
    )


class JenisKekerasanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KasusJenisKekerasan

    kasus = factory.SubFactory(KasusFactory, jenis=None)
    jenis = "fisik"


class KorbanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Korban

    kasus = factory.SubFactory(KasusFactory)
    urutan = factory.Sequence(lambda n: n + 1)
    nama = factory.Sequence(lambda n: f"Korban Uji {n}")
    nik = factory.Sequence(lambda n: f"0000{n:012d}")
    alamat = "Jl. Uji No. 1"
    telepon = "0800-0000-0000"
    nama_orang_tua = "Orang Tua Uji"
    jenis_kelamin = JenisKelamin.PEREMPUAN
    umur = 10
    kelompok_umur = factory.LazyAttribute(lambda o: kelompok_umur_for(o.umur))


class PelakuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pelaku

    kasus = factory.SubFactory(KasusFactory)
    urutan = factory.Sequence(lambda n: n + 1)
    nama = factory.Sequence(lambda n: f"Pelaku Uji {n}")
    jenis_kelamin = JenisKelamin.LAKI_LAKI
    kelompok_umur = "25-44"
    hubungan = "tetangga"


class LayananFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Layanan

    kasus = factory.SubFactory(KasusFactory)
    jenis = "pengaduan"
    tanggal = factory.LazyAttribute(lambda o: o.kasus.tanggal_lapor)
    penyedia_opd = factory.SubFactory(OPDFactory)
    dicatat_oleh = factory.SubFactory(UserFactory)
