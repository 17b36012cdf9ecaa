"""Identity fields are encrypted at rest, never in history, and keys rotate without losing data."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from kasus.models import CatatanKasus, Kasus, Korban, Layanan, Pelaku, RiwayatStatus
from kasus.services import identitas_rotate
from tests.kasus.factories import KasusFactory, KorbanFactory, LayananFactory, PelakuFactory

pytestmark = pytest.mark.django_db

CANARY = "Kenari Zzyzx Unik"
CANARY_NIK = "0000987698769876"


def raw_row(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return " ".join(str(value) for value in cursor.fetchone())


def test_the_database_row_holds_no_identity_in_plain_text():
    korban = KorbanFactory(nama=CANARY, nik=CANARY_NIK, alamat="Gang Kenari 7", nama_orang_tua="Bapak Kenari")
    row = raw_row("kasus_korban", korban.pk)
    for secret in (CANARY, CANARY_NIK, "Gang Kenari", "Bapak Kenari"):
        assert secret not in row
    # Non-identifying fields stay plain so statistics run in SQL.
    assert "6-12" in row
    assert Korban.objects.get(pk=korban.pk).nama == CANARY


def test_the_same_name_encrypts_differently_each_time():
    a = KorbanFactory(nama=CANARY)
    b = KorbanFactory(nama=CANARY)
    assert raw_row("kasus_korban", a.pk) != raw_row("kasus_korban", b.pk)


def test_history_tables_have_no_identity_columns_and_no_identity_values():
    korban = KorbanFactory(nama=CANARY, nik=CANARY_NIK)
    pelaku = PelakuFactory(nama=CANARY)
    korban.nama = CANARY + " Baru"
    korban.save()
    for model, fields in ((Korban, ["nama", "nik", "alamat", "telepon", "nama_orang_tua"]), (Pelaku, ["nama", "nik"])):
        history_columns = {f.name for f in model.history.model._meta.fields}
        assert not history_columns & set(fields)
    with connection.cursor() as cursor:
        for table in ("kasus_historicalkorban", "kasus_historicalpelaku", "kasus_historicalkasus"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
            dump = repr(cursor.fetchall())
            assert CANARY not in dump and CANARY_NIK not in dump
    assert korban.history.count() == 2 and pelaku.history.count() == 1


def test_encrypted_fields_refuse_lookups_that_would_silently_miss():
    KorbanFactory(nama=CANARY)
    with pytest.raises(FieldError):
        Korban.objects.filter(nama=CANARY).exists()
    assert Korban.objects.filter(nama__isnull=False).count() == 1


def test_rotation_moves_every_value_to_the_newest_key():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[old]):
        korban = KorbanFactory(nama=CANARY, nik=CANARY_NIK, alamat="")
        PelakuFactory(kasus=korban.kasus, nama="Pelaku Kenari")
    with override_settings(FIELD_ENCRYPTION_KEYS=[new, old]):
        # Both keys configured: old values still read.
        assert Korban.objects.get(pk=korban.pk).nama == CANARY
        out = StringIO()
        call_command("kasus_rotasi_kunci", stdout=out)
        # nama, nik, telepon, nama_orang_tua of the victim, pelaku nama, the case chronology.
        assert out.getvalue().startswith("6 nilai")
        assert identitas_rotate() == 0
    with override_settings(FIELD_ENCRYPTION_KEYS=[new]):
        korban = Korban.objects.get(pk=korban.pk)
        assert (korban.nama, korban.nik, korban.alamat) == (CANARY, CANARY_NIK, "")
        assert Pelaku.objects.get().nama == "Pelaku Kenari"
    with override_settings(FIELD_ENCRYPTION_KEYS=[old]), pytest.raises(InvalidToken):
        Korban.objects.get(pk=korban.pk)


def test_rotation_writes_no_history_rows():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[old]):
        korban = KorbanFactory(nama=CANARY)
    before = korban.history.count()
    with override_settings(FIELD_ENCRYPTION_KEYS=[new, old]):
        assert identitas_rotate() > 0
    assert korban.history.count() == before


def test_the_case_narratives_are_encrypted_kept_out_of_history_and_rotated():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[old]):
        kasus = KasusFactory(kronologi=f"{CANARY} dipukul")
        layanan = LayananFactory(kasus=kasus, penyedia_opd=None, penyedia_lain=f"Klinik {CANARY}", keterangan=CANARY)
        RiwayatStatus.objects.create(kasus=kasus, status="baru", oleh=kasus.dibuat_oleh, catatan=CANARY)
        CatatanKasus.objects.create(kasus=kasus, isi=CANARY, oleh=kasus.dibuat_oleh)
    assert not {"penyedia_lain", "keterangan"} & {f.name for f in Layanan.history.model._meta.fields}
    for table, pk in (
        ("kasus_kasus", kasus.pk),
        ("kasus_layanan", layanan.pk),
        ("kasus_riwayatstatus", RiwayatStatus.objects.values_list("pk", flat=True).get()),
        ("kasus_catatankasus", CatatanKasus.objects.values_list("pk", flat=True).get()),
    ):
        assert CANARY not in raw_row(table, pk), table
    with override_settings(FIELD_ENCRYPTION_KEYS=[new, old]):
        # kronologi, penyedia_lain, keterangan, catatan, isi.
        assert identitas_rotate() == 5
    with override_settings(FIELD_ENCRYPTION_KEYS=[new]):
        layanan = Layanan.objects.get()
        assert (layanan.penyedia_lain, layanan.keterangan) == (f"Klinik {CANARY}", CANARY)
        assert Kasus.objects.get().kronologi == f"{CANARY} dipukul"
        assert RiwayatStatus.objects.get().catatan == CatatanKasus.objects.get().isi == CANARY
