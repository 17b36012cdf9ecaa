"""Every write to the case records; each one that touches a case also writes the access log."""

import datetime
import logging

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import connection, models, transaction
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.guards import require
from gugus_tugas.merek import merek_get
from gugus_tugas.models import Peran, User

from .chain import CHAIN_LOCK_ID, akses_log_digest, akses_log_verify
from .fields import EncryptedTextField, fernet, newest_fernet
from .kubus import kubus_statistik_update
from .models import (
    AksesLog,
    CatatanKasus,
    Kasus,
    KasusJenisKekerasan,
    Korban,
    Layanan,
    NomorUrut,
    Pelaku,
    RiwayatStatus,
    StatusKasus,
    kelompok_umur_for,
    umur_pada,
)
from .selectors import PEMBUKAAN_JENDELA, pembukaan_count

logger = logging.getLogger(__name__)

ALASAN_MINIMUM = 10
KORBAN_FIELDS = [
    "nama",
    "nik",
    "alamat",
    "telepon",
    "nama_orang_tua",
    "jenis_kelamin",
    "tanggal_lahir",
    "pendidikan",
    "disabilitas",
]
PELAKU_FIELDS = ["nama", "nik", "alamat", "jenis_kelamin", "kelompok_umur", "hubungan"]


def _alasan_validate(alasan: str) -> str:
    alasan = alasan.strip()
    if len(alasan) < ALASAN_MINIMUM:
        raise ValidationError(
            {"alasan": _("Tuliskan alasan yang jelas, sekurang-kurangnya %(n)s karakter.") % {"n": ALASAN_MINIMUM}}
        )
    return alasan


def _akses_log_lock() -> None:
    """Hold the chain until this transaction ends, so two writers never take the same place in it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_ID])
    # SQLite (the embedded mode) lets one writer in at a time; the unique urutan refuses a race.


@transaction.atomic
def akses_log_create(
    *,
    pengguna: User,
    aksi: str,
    kasus: Kasus | None = None,
    alasan: str = "",
    jenis_alasan: str = "",
    keterangan: str = "",
) -> AksesLog:
    """Append one row to the access log, chained to the row before it (kasus/chain.py)."""
    _akses_log_lock()
    last = AksesLog.objects.order_by("-urutan").values_list("urutan", "hash").first()
    urutan, hash_sebelum = (last[0] + 1, last[1]) if last else (1, "")
    log = AksesLog(
        pengguna=pengguna,
        kasus=kasus,
        aksi=aksi,
        alasan=alasan,
        jenis_alasan=jenis_alasan,
        keterangan=keterangan[:200],
        urutan=urutan,
        hash_sebelum=hash_sebelum,
    )
    log.hash = akses_log_digest(log)
    log.full_clean(validate_unique=False)
    log.save()
    return log


@transaction.atomic
def kasus_nomor_next(*, tahun: int) -> str:
    """KASUS/<tahun>/<nnnn>; the year's counter row is locked, so parallel reports never share a number."""
    NomorUrut.objects.get_or_create(tahun=tahun)
    urut = NomorUrut.objects.select_for_update().get(tahun=tahun)
    urut.terakhir += 1
    urut.save(update_fields=["terakhir"])
    return f"KASUS/{tahun}/{urut.terakhir:04d}"


def _korban_umur(korban: Korban, umur: int | None, tanggal_acuan: datetime.date) -> None:
    if korban.tanggal_lahir:
        umur = umur_pada(korban.tanggal_lahir, tanggal_acuan)
    if umur is None or umur < 0:
        raise ValidationError(_("Isi tanggal lahir atau perkiraan umur setiap korban."))
    korban.umur = umur
    korban.kelompok_umur = kelompok_umur_for(umur)


def _jenis_kekerasan_set(kasus: Kasus, jenis_kekerasan: list[str]) -> None:
    wanted = set(jenis_kekerasan)
    if not wanted:
        raise ValidationError({"jenis_kekerasan": _("Pilih sekurang-kurangnya satu jenis kekerasan.")})
    kasus.jenis_kekerasan.exclude(jenis__in=wanted).delete()
    existing = set(kasus.jenis_kekerasan.values_list("jenis", flat=True))
    for jenis in sorted(wanted - existing):
        item = KasusJenisKekerasan(kasus=kasus, jenis=jenis)
        item.full_clean()
        item.save()


def _rows_save(kasus: Kasus, model: type[models.Model], rows: list[dict], fields: list[str], prepare=None) -> int:
    """Create, update or delete a case's victims or perpetrators; returns how many remain."""
    urutan = (model.objects.filter(kasus=kasus).aggregate(m=models.Max("urutan"))["m"]) or 0
    remaining = 0
    for row in rows:
        obj = row.get("id")
        if obj is not None and obj.kasus_id != kasus.pk:
            raise PermissionDenied(_("Data ini bukan bagian dari kasus tersebut."))
        if row.get("hapus"):
            if obj is not None:
                obj.delete()
            continue
        if obj is None:
            urutan += 1
            obj = model(kasus=kasus, urutan=urutan)
        for name in fields:
            setattr(obj, name, row.get(name, getattr(obj, name)))
        if prepare:
            prepare(obj, row)
        obj.full_clean()
        obj.save()
        remaining += 1
    return remaining


def _kasus_children_save(kasus: Kasus, *, jenis_kekerasan: list[str], korban: list[dict], pelaku: list[dict]) -> None:
    _jenis_kekerasan_set(kasus, jenis_kekerasan)
    tanggal_acuan = kasus.tanggal_acuan
    remaining = _rows_save(
        kasus, Korban, korban, KORBAN_FIELDS, prepare=lambda obj, row: _korban_umur(obj, row.get("umur"), tanggal_acuan)
    )
    if remaining == 0:
        raise ValidationError(_("Kasus harus memiliki sekurang-kurangnya satu korban."))
    _rows_save(kasus, Pelaku, pelaku, PELAKU_FIELDS)


@transaction.atomic
def kasus_create(*, data: dict, jenis_kekerasan: list[str], korban: list[dict], pelaku: list[dict], by: User) -> Kasus:
    """Register a report with its victims and perpetrators; the number is taken last, after validation."""
    require(by, "kasus.kelola_kasus")
    kasus = Kasus(**data, dibuat_oleh=by, status=StatusKasus.BARU)
    kasus.full_clean(exclude=["nomor_registrasi"])
    kasus.nomor_registrasi = kasus_nomor_next(tahun=kasus.tanggal_lapor.year)
    kasus.save()
    _kasus_children_save(kasus, jenis_kekerasan=jenis_kekerasan, korban=korban, pelaku=pelaku)
    RiwayatStatus.objects.create(kasus=kasus, status=kasus.status, oleh=by)
    akses_log_create(pengguna=by, kasus=kasus, aksi=AksesLog.Aksi.BUAT)
    kubus_statistik_update()
    return kasus


@transaction.atomic
def kasus_update(
    *, kasus: Kasus, data: dict, jenis_kekerasan: list[str], korban: list[dict], pelaku: list[dict], by: User
) -> Kasus:
    require(by, "kasus.kelola_kasus", kasus)
    if kasus.dihapus_pada:
        raise ValidationError(_("Kasus yang sudah dihapus tidak dapat diubah."))
    for name, value in data.items():
        setattr(kasus, name, value)
    kasus.full_clean()
    kasus.save()
    _kasus_children_save(kasus, jenis_kekerasan=jenis_kekerasan, korban=korban, pelaku=pelaku)
    akses_log_create(pengguna=by, kasus=kasus, aksi=AksesLog.Aksi.UBAH)
    kubus_statistik_update()
    return kasus


@transaction.atomic
def kasus_status_set(*, kasus: Kasus, status: str, catatan: str = "", by: User) -> Kasus:
    require(by, "kasus.kelola_kasus", kasus)
    if status == kasus.status:
        raise ValidationError({"status": _("Kasus sudah berstatus %(s)s.") % {"s": kasus.get_status_display()}})
    riwayat = RiwayatStatus(kasus=kasus, status=status, oleh=by, catatan=catatan.strip())
    riwayat.full_clean()
    riwayat.save()
    kasus.status = status
    kasus.save(update_fields=["status"])
    akses_log_create(
        pengguna=by, kasus=kasus, aksi=AksesLog.Aksi.UBAH_STATUS, keterangan=str(StatusKasus(status).label)
    )
    return kasus


@transaction.atomic
def layanan_create(
    *,
    kasus: Kasus,
    jenis: str,
    tanggal: datetime.date,
    penyedia_opd=None,
    penyedia_lain: str = "",
    keterangan: str = "",
    by: User,
) -> Layanan:
    require(by, "kasus.kelola_kasus", kasus)
    layanan = Layanan(
        kasus=kasus,
        jenis=jenis,
        tanggal=tanggal,
        penyedia_opd=penyedia_opd,
        penyedia_lain=penyedia_lain.strip(),
        keterangan=keterangan.strip(),
        dicatat_oleh=by,
    )
    layanan.full_clean()
    layanan.save()
    akses_log_create(pengguna=by, kasus=kasus, aksi=AksesLog.Aksi.TAMBAH_LAYANAN, keterangan=str(layanan))
    kubus_statistik_update()
    return layanan


@transaction.atomic
def catatan_create(*, kasus: Kasus, isi: str, by: User) -> CatatanKasus:
    require(by, "kasus.kelola_kasus", kasus)
    catatan = CatatanKasus(kasus=kasus, isi=isi.strip(), oleh=by)
    catatan.full_clean()
    catatan.save()
    akses_log_create(pengguna=by, kasus=kasus, aksi=AksesLog.Aksi.TAMBAH_CATATAN)
    return catatan


@transaction.atomic
def kasus_delete(*, kasus: Kasus, alasan: str, by: User) -> Kasus:
    """Soft delete: the case leaves every list and statistic, its rows and the reason stay."""
    require(by, "kasus.hapus_kasus", kasus)
    alasan = _alasan_validate(alasan)
    if kasus.dihapus_pada:
        raise ValidationError(_("Kasus ini sudah dihapus."))
    kasus.dihapus_pada = timezone.now()
    kasus.dihapus_oleh = by
    kasus.alasan_hapus = alasan
    kasus.save(update_fields=["dihapus_pada", "dihapus_oleh", "alasan_hapus"])
    akses_log_create(pengguna=by, kasus=kasus, aksi=AksesLog.Aksi.HAPUS, alasan=alasan)
    kubus_statistik_update()
    return kasus


@transaction.atomic
def identitas_reveal(*, kasus: Kasus, jenis_alasan: str, alasan: str, by: User) -> AksesLog:
    """Record why a case worker opens a case's identities; the caller shows them only after this.

    The reveal that takes a user past KASUS_BATAS_BUKA_PER_JAM in the last hour alerts the
    secretariat: that many openings look like browsing, not casework.
    """
    require(by, "kasus.tampilkan_identitas", kasus)
    if jenis_alasan not in AksesLog.JenisAlasan.values:
        raise ValidationError({"jenis_alasan": _("Pilih jenis alasan dari daftar.")})
    log = akses_log_create(
        pengguna=by,
        kasus=kasus,
        aksi=AksesLog.Aksi.TAMPILKAN_IDENTITAS,
        jenis_alasan=jenis_alasan,
        alasan=_alasan_validate(alasan),
    )
    batas = settings.KASUS_BATAS_BUKA_PER_JAM
    if pembukaan_count(pengguna=by, sejak=log.waktu - PEMBUKAAN_JENDELA) == batas + 1:
        # robust: a mail server that is down is logged, and does not fail the reveal already recorded.
        transaction.on_commit(lambda: pembukaan_berlebih_notify(pengguna=by, jumlah=batas + 1), robust=True)
    return log


@transaction.atomic
def identitas_close(*, kasus: Kasus, by: User) -> AksesLog:
    """Record that a case worker ended a reveal before it expired; the caller stops showing the identities."""
    require(by, "kasus.tampilkan_identitas", kasus)
    return akses_log_create(pengguna=by, kasus=kasus, aksi=AksesLog.Aksi.SEMBUNYIKAN_IDENTITAS)


def pembukaan_berlebih_notify(*, pengguna: User, jumlah: int) -> int:
    """E-mail every active Admin Sekretariat that one user opened many identities; returns how many got it."""
    penerima = _admin_emails()
    if not penerima:
        return 0
    merek = merek_get()
    with translation.override(settings.LANGUAGE_CODE):
        subject = merek.subjek(
            _("Peringatan: %(pengguna)s membuka identitas %(n)s kali dalam satu jam")
            % {"pengguna": pengguna.username, "n": jumlah}
        )
        body = render_to_string(
            "kasus/email/pembukaan_berlebih.txt",
            {"pengguna": pengguna, "jumlah": jumlah, "batas": settings.KASUS_BATAS_BUKA_PER_JAM, "merek": merek},
        )
    send_mail(subject, body, merek.pengirim(), penerima)
    return len(penerima)


def akses_log_check() -> dict[str, int]:
    """Verify the access log's chain; when it is broken, e-mail every active Admin Sekretariat.

    The message lists row numbers only: the log names cases, never people.
    """
    hasil = akses_log_verify()
    if not hasil.utuh:
        logger.error("Rantai log akses kasus rusak: %s", "; ".join(hasil.masalah))
        merek = merek_get()
        with translation.override(settings.LANGUAGE_CODE):
            subject = merek.subjek(_("Peringatan: log akses kasus tidak utuh"))
            body = render_to_string("kasus/email/log_akses_rusak.txt", {"hasil": hasil, "merek": merek})
        send_mail(subject, body, merek.pengirim(), _admin_emails())
    return {"baris": hasil.jumlah, "masalah": len(hasil.masalah)}


def _admin_emails() -> list[str]:
    return list(
        User.objects.filter(peran=Peran.ADMIN_SEKRETARIAT, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def _encrypted_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


@transaction.atomic
def identitas_rotate() -> int:
    """Re-encrypt every stored value not yet under the newest key; returns how many values changed.

    Run after putting a new key first in FIELD_ENCRYPTION_KEY; the old key can be removed once
    this reports 0.
    """
    newest = newest_fernet()
    multi = fernet()
    changed = 0
    for model in (Kasus, Korban, Pelaku, Layanan, RiwayatStatus, CatatanKasus):
        for name in _encrypted_fields(model):
            # Cast to plain text: the raw token, not the decrypted value.
            rows = (
                model._base_manager.annotate(token=Cast(name, models.TextField()))
                .exclude(token="")
                .exclude(token__isnull=True)
                .values_list("pk", "token")
                .select_for_update()
            )
            for pk, token in rows:
                try:
                    newest.decrypt(token.encode())
                    continue
                except InvalidToken:
                    pass
                rotated = multi.rotate(token.encode()).decode()
                model._base_manager.filter(pk=pk).update(**{name: models.Value(rotated, models.TextField())})
                changed += 1
    return changed
