"""Factories for the organisation and its meetings."""

import datetime

import factory
from django.utils import timezone

from gugus_tugas.models import OPD, Rapat, TindakLanjut, Undangan, User, Wilayah
from gugus_tugas.services import pengguna_peran_set


class OPDFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OPD
        django_get_or_create = ["singkatan"]

    nama = factory.Sequence(lambda n: f"Dinas Uji {n}")
    singkatan = factory.Sequence(lambda n: f"DU{n}")
    jenis = OPD.Jenis.DINAS


class KecamatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wilayah

    nama = factory.Sequence(lambda n: f"Kecamatan Uji {n}")
    jenis = Wilayah.Jenis.KECAMATAN


class UserFactory(factory.django.DjangoModelFactory):
    """A user whose role (peran, group, staff flag) is set by the same service the admin uses."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    nama_lengkap = factory.Faker("name", locale="id_ID")
    password = factory.django.Password("rahasia-uji-123")
    opd = factory.SubFactory(OPDFactory)
    peran = ""
    klaster = None
    # Test accounts log in like the demo accounts, with a password alone; the two-step tests turn this off.
    wajib_2fa_dikecualikan = True

    @factory.post_generation
    def sync_role(obj, create, extracted, **kwargs):
        if create and obj.peran:
            pengguna_peran_set(user=obj, peran=obj.peran, opd=obj.opd, klaster=obj.klaster, by=None)


class RapatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rapat

    jenis = Rapat.Jenis.RAKOR
    judul = factory.Sequence(lambda n: f"Rakor Gugus Tugas Uji {n}")
    mulai = factory.LazyFunction(lambda: timezone.make_aware(datetime.datetime(2025, 11, 6, 9, 0)))
    tempat = "Ruang OR Setda"
    penyelenggara = factory.SubFactory(OPDFactory)
    status = Rapat.Status.TERJADWAL


class UndanganFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Undangan

    rapat = factory.SubFactory(RapatFactory)
    opd = factory.SubFactory(OPDFactory)
    nama = ""


class TindakLanjutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TindakLanjut

    rapat = factory.SubFactory(RapatFactory)
    uraian = factory.Sequence(lambda n: f"Tindak lanjut uji nomor {n}")
    opd = factory.SubFactory(OPDFactory)
    batas_waktu = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    status = TindakLanjut.Status.BELUM


def kehadiran_form_data(rows: list[dict]) -> dict:
    """POST data of the attendance table: one dict per row (undangan, status, nama_hadir, keterangan)."""
    data = {"hadir-TOTAL_FORMS": len(rows), "hadir-INITIAL_FORMS": len(rows), "hadir-MIN_NUM_FORMS": 0}
    data["hadir-MAX_NUM_FORMS"] = 1000
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"hadir-{index}-{key}"] = value
    return data
