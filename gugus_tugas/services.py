"""Writes to the organisation: users and roles, meetings with their minutes, follow-ups and reminders."""

import datetime
import logging

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.formats import date_format
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.attachments import attachment_add
from core.guards import require
from klaster.models import Indikator, Klaster

from .merek import merek_get
from .models import (
    OPD,
    PERAN_IDENTITAS,
    AddendumNotulen,
    AgendaRapat,
    AuditPengguna,
    BuktiTindakLanjut,
    Kehadiran,
    Keputusan,
    LampiranRapat,
    NamaLainOPD,
    PengingatTindakLanjut,
    Peran,
    Rapat,
    TindakLanjut,
    Undangan,
    User,
)
from .selectors import tindak_lanjut_perlu_diingatkan_list
from .tokens import undangan_token_generator

logger = logging.getLogger(__name__)

# Django model permissions each role's group carries (the admin site uses them); page and
# object access is decided by the predicates in each app's rules.py.
ROLE_APPS_FULL = {Peran.ADMIN_SEKRETARIAT: ["klaster", "gugus_tugas", "notifikasi", "rad_kla", "evaluasi"]}
ROLE_APPS_VIEW = {Peran.PIMPINAN: ["klaster", "gugus_tugas", "rad_kla", "evaluasi"]}


def role_group_name(peran: str) -> str:
    return Peran(peran).label


@transaction.atomic
def roles_setup() -> dict[str, int]:
    """Create or refresh one group per role with its model permissions; returns counts."""
    counts = {}
    for peran in Peran:
        group, _ = Group.objects.get_or_create(name=role_group_name(peran))
        perms = Permission.objects.none()
        if peran in ROLE_APPS_FULL:
            perms = Permission.objects.filter(content_type__app_label__in=ROLE_APPS_FULL[peran])
        elif peran in ROLE_APPS_VIEW:
            perms = Permission.objects.filter(
                content_type__app_label__in=ROLE_APPS_VIEW[peran], codename__startswith="view_"
            )
        group.permissions.set(perms)
        counts[group.name] = group.permissions.count()
    return counts


def _user_refuse(message: str, *, by: User, user: User) -> None:
    logger.warning("Perubahan akun %s oleh %s ditolak: %s", user.username, by.username, message)
    raise PermissionDenied(message)


def _user_authority_check(*, user: User, stored: User | None, by: User | None) -> None:
    """A person who is not a superuser may not grant, take away or take over identity-reading or superuser access."""
    if by is None or by.is_superuser:
        return
    if (stored is not None and stored.is_superuser) or user.is_superuser:
        _user_refuse(_("Hanya superuser yang dapat mengubah akun superuser."), by=by, user=user)
    if user.peran in PERAN_IDENTITAS and (stored is None or stored.peran != user.peran):
        _user_refuse(_("Peran Petugas Kasus hanya dapat diberikan oleh superuser."), by=by, user=user)
    if stored is None or stored.peran not in PERAN_IDENTITAS:
        return
    if stored.peran != user.peran:
        _user_refuse(_("Peran Petugas Kasus hanya dapat dicabut oleh superuser."), by=by, user=user)
    if stored.username != user.username or stored.email != user.email or stored.password != user.password:
        _user_refuse(
            _("Username, email, dan kata sandi Petugas Kasus hanya dapat diubah oleh superuser."), by=by, user=user
        )


def _user_snapshot(user: User, groups: list[str]) -> dict[str, str]:
    return {
        AuditPengguna.Atribut.USERNAME: user.username,
        AuditPengguna.Atribut.EMAIL: user.email,
        AuditPengguna.Atribut.NAMA_LENGKAP: user.nama_lengkap,
        AuditPengguna.Atribut.TELEPON: user.telepon,
        AuditPengguna.Atribut.PERAN: user.peran,
        AuditPengguna.Atribut.OPD: str(user.opd) if user.opd_id else "",
        AuditPengguna.Atribut.KLASTER: str(user.klaster) if user.klaster_id else "",
        AuditPengguna.Atribut.IS_STAFF: str(user.is_staff),
        AuditPengguna.Atribut.IS_SUPERUSER: str(user.is_superuser),
        AuditPengguna.Atribut.IS_ACTIVE: str(user.is_active),
        AuditPengguna.Atribut.GROUPS: ", ".join(sorted(groups)),
    }


def _audit_pengguna_write(*, user: User, by: User | None, changes: list[tuple[str, str, str]]) -> None:
    AuditPengguna.objects.bulk_create(
        AuditPengguna(
            pengguna=user,
            pengguna_username=user.username,
            oleh=by,
            oleh_username=by.username if by is not None else "",
            atribut=atribut,
            nilai_lama=lama[:500],
            nilai_baru=baru[:500],
        )
        for atribut, lama, baru in changes
    )


def _password_set_by_other(*, user: User, by: User | None) -> bool:
    return by is not None and by.pk != user.pk


@transaction.atomic
def _user_save(*, user: User, by: User | None, update_fields: list[str] | None = None) -> User:
    """Check the editor's authority, keep the role's group and staff flag in step, save and audit the changes.

    ``by`` is the person making the change; None is the system itself (seeding, management commands).
    """
    stored = User.objects.select_for_update().filter(pk=user.pk).first() if user.pk else None
    before = _user_snapshot(stored, list(stored.groups.values_list("name", flat=True))) if stored else {}
    _user_authority_check(user=user, stored=stored, by=by)
    if user.peran != Peran.KOORDINATOR_KLASTER:
        user.klaster = None
    user.is_staff = user.peran == Peran.ADMIN_SEKRETARIAT or user.is_superuser
    password_changed = user.has_usable_password() and (stored is None or stored.password != user.password)
    if password_changed and _password_set_by_other(user=user, by=by):
        user.wajib_ganti_password = True
    user.full_clean(exclude=["password"])
    if update_fields is not None and stored is not None:
        user.save(update_fields=update_fields)
    else:
        user.save()
    role_groups = Group.objects.filter(name__in=[role_group_name(p) for p in Peran])
    user.groups.remove(*role_groups)
    if user.peran:
        user.groups.add(Group.objects.get(name=role_group_name(user.peran)))
    after = _user_snapshot(user, list(user.groups.values_list("name", flat=True)))
    changes = [
        (atribut, before.get(atribut, ""), baru) for atribut, baru in after.items() if before.get(atribut, "") != baru
    ]
    if password_changed:
        changes.append((AuditPengguna.Atribut.PASSWORD, "", AuditPengguna.NILAI_DITETAPKAN))
        _password_set_log(user=user, by=by)
    _audit_pengguna_write(user=user, by=by, changes=changes)
    return user


def _password_set_log(*, user: User, by: User | None) -> None:
    if _password_set_by_other(user=user, by=by):
        logger.warning("Kata sandi %s ditetapkan oleh %s; wajib diganti saat masuk.", user.username, by.username)
    else:
        logger.info("Kata sandi %s diganti oleh pemiliknya.", user.username)


def pengguna_peran_set(
    *, user: User, peran: str, by: User | None, opd: OPD | None = None, klaster: Klaster | None = None
) -> User:
    """Give a user exactly one role: the peran field, its group and staff access for the admin."""
    user.peran = peran
    user.opd = opd if opd is not None else user.opd
    user.klaster = klaster
    return _user_save(user=user, by=by, update_fields=["peran", "opd", "klaster", "is_staff"])


def pengguna_update(*, user: User, by: User | None) -> User:
    """Save an account edited in a form (the admin's add and change pages), with the same checks and audit."""
    return _user_save(user=user, by=by)


@transaction.atomic
def pengguna_create(
    *,
    username: str,
    peran: str,
    by: User | None,
    nama_lengkap: str = "",
    jabatan: str = "",
    email: str = "",
    opd: OPD | None = None,
    klaster: Klaster | None = None,
    password: str | None = None,
) -> User:
    """A new account; a password chosen by someone else must be changed at the first login."""
    user = User(
        username=username,
        nama_lengkap=nama_lengkap,
        jabatan=jabatan,
        email=email,
        opd=opd,
        peran=peran,
        klaster=klaster,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    return _user_save(user=user, by=by)


def _email_dipakai(email: str, *, kecuali: int | None = None) -> bool:
    return User.objects.filter(email__iexact=email).exclude(pk=kecuali).exists()


@transaction.atomic
def pengguna_account_create(
    *,
    by: User,
    nama_lengkap: str,
    email: str,
    peran: str,
    telepon: str = "",
    jabatan: str = "",
    opd: OPD | None = None,
    klaster: Klaster | None = None,
    username: str = "",
) -> User:
    """An account the secretariat opens from the app: no password yet, the invitation lets the person choose one.

    The login name is the e-mail address unless one is given; one address belongs to one account.
    """
    require(by, "gugus_tugas.kelola_pengguna")
    email = email.strip().lower()
    if _email_dipakai(email):
        raise ValidationError({"email": _("Email ini sudah dipakai akun lain.")})
    username = (username or email).strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Username ini sudah dipakai akun lain.")})
    user = User(
        username=username,
        nama_lengkap=nama_lengkap,
        jabatan=jabatan,
        email=email,
        telepon=telepon,
        opd=opd,
        peran=peran,
        klaster=klaster,
    )
    user.set_unusable_password()
    return _user_save(user=user, by=by)


@transaction.atomic
def pengguna_account_update(*, user: User, by: User, data: dict) -> User:
    """Change an account's name, contact, OPD, role or cluster from the app, with the same checks and audit."""
    require(by, "gugus_tugas.kelola_pengguna")
    email = data.get("email", user.email).strip().lower()
    if _email_dipakai(email, kecuali=user.pk):
        raise ValidationError({"email": _("Email ini sudah dipakai akun lain.")})
    for field in ("nama_lengkap", "jabatan", "telepon", "opd", "peran", "klaster"):
        if field in data:
            setattr(user, field, data[field])
    user.email = email
    return _user_save(user=user, by=by)


@transaction.atomic
def pengguna_import(*, baris: list[list], by: User) -> list[User]:
    """Open the accounts of a checked sheet, all of them or none: one refused row rolls the whole sheet back.

    Each row is [nama, email, telepon, jabatan, opd id, peran, klaster id], as lembar_pengguna_import checked it;
    the checks run again here, since accounts may have been opened in between.
    """
    require(by, "gugus_tugas.kelola_pengguna")
    opd = OPD.objects.in_bulk({row[4] for row in baris if row[4]})
    klaster = Klaster.objects.in_bulk({row[6] for row in baris if row[6]})
    created = []
    for nomor, (nama, email, telepon, jabatan, opd_id, peran, klaster_id) in enumerate(baris, start=1):
        try:
            created.append(
                pengguna_account_create(
                    by=by,
                    nama_lengkap=nama,
                    email=email,
                    telepon=telepon,
                    jabatan=jabatan,
                    opd=opd.get(opd_id),
                    peran=peran,
                    klaster=klaster.get(klaster_id),
                )
            )
        except ValidationError as exc:
            raise ValidationError(
                _("Akun ke-%(nomor)s (%(email)s): %(pesan)s")
                % {"nomor": nomor, "email": email, "pesan": " ".join(exc.messages)}
            ) from exc
    return created


@transaction.atomic
def pengguna_aktif_set(*, user: User, aktif: bool, by: User) -> User:
    """Deactivate (the account stays, with its history, but cannot log in) or reactivate an account.

    Reactivating gives back the account's role, so an identity-reading account is reactivated
    only by those who may grant that role.
    """
    require(by, "gugus_tugas.kelola_pengguna")
    if by.pk == user.pk and not aktif:
        raise ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    if aktif and not by.is_superuser and user.akun_terlindungi:
        _user_refuse(_("Akun ini hanya dapat diaktifkan kembali oleh superuser."), by=by, user=user)
    user.is_active = aktif
    return _user_save(user=user, by=by, update_fields=["is_active", "is_staff"])


def pengguna_undangan_notify(*, users: list[User], by: User, tautan_dasar: str) -> int:
    """E-mail each account a one-time link to choose its password (valid 72 hours); returns how many were sent.

    ``tautan_dasar`` is the site's address as the secretariat reached it ("https://kla.example.go.id").
    Accounts without an e-mail address, inactive, or that already chose a password (they use the
    forgotten-password link) are skipped. All messages go over one connection.
    """
    require(by, "gugus_tugas.kelola_pengguna")
    users = [user for user in users if user.email and user.is_active and not user.has_usable_password()]
    pesan = []
    merek = merek_get()
    with translation.override(settings.LANGUAGE_CODE):
        subject = merek.subjek(_("Undangan akun Gugus Tugas Kota Layak Anak"))
        for user in users:
            path = reverse(
                "undangan_terima",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": undangan_token_generator.make_token(user),
                },
            )
            body = render_to_string(
                "registration/undangan_email.txt",
                {
                    "user": user,
                    "tautan": tautan_dasar.rstrip("/") + path,
                    "jam": undangan_token_generator.BERLAKU_JAM,
                    "merek": merek,
                },
            )
            pesan.append(EmailMessage(subject, body, merek.pengirim(), [user.email]))
    if pesan:
        get_connection().send_messages(pesan)
    AuditPengguna.objects.bulk_create(
        AuditPengguna(
            pengguna=user,
            pengguna_username=user.username,
            oleh=by,
            oleh_username=by.username,
            atribut=AuditPengguna.Atribut.UNDANGAN,
            nilai_baru=AuditPengguna.NILAI_DIKIRIM,
        )
        for user in users
    )
    return len(users)


@transaction.atomic
def opd_nama_lain_create(*, opd: OPD, nama: str, by: User | None) -> NamaLainOPD:
    """Record another spelling of an OPD (as a published RAD matrix writes it), matched like its own names."""
    if by is not None:
        require(by, "gugus_tugas.kelola_pengguna")
    item = NamaLainOPD(opd=opd, nama=" ".join(nama.split()))
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def opd_petugas_data_set(*, opd: OPD, petugas: User | None, wakil: User | None, by: User) -> OPD:
    """Name the OPD's petugas data and deputy; both are written in the trail of the accounts they concern."""
    require(by, "gugus_tugas.kelola_pengguna")
    if petugas is not None and wakil is not None and petugas.pk == wakil.pk:
        raise ValidationError({"wakil_petugas_data": _("Wakil harus orang yang berbeda dari petugas data.")})
    for orang in (petugas, wakil):
        if orang is not None and (orang.opd_id != opd.pk or not orang.is_active):
            raise ValidationError(_("%(nama)s bukan akun aktif di OPD ini.") % {"nama": orang})
    opd = OPD.objects.select_for_update().get(pk=opd.pk)
    changes = []
    for field, label, orang in (
        ("petugas_data", _("petugas data %(opd)s"), petugas),
        ("wakil_petugas_data", _("wakil petugas data %(opd)s"), wakil),
    ):
        lama_id = getattr(opd, f"{field}_id")
        baru_id = orang.pk if orang is not None else None
        if lama_id == baru_id:
            continue
        nilai = label % {"opd": opd.singkatan}
        if lama_id is not None:
            changes.append((User.objects.get(pk=lama_id), nilai, ""))
        if orang is not None:
            changes.append((orang, "", nilai))
        setattr(opd, field, orang)
    opd.save(update_fields=["petugas_data", "wakil_petugas_data"])
    for user, lama, baru in changes:
        _audit_pengguna_write(user=user, by=by, changes=[(AuditPengguna.Atribut.PETUGAS_DATA, lama, baru)])
    return opd


def pengguna_pengecualian_2fa_set(*, user: User) -> User:
    """Let an account log in without a second factor: for the demo accounts only, by the demo seeder."""
    if not user.wajib_2fa_dikecualikan:
        user.wajib_2fa_dikecualikan = True
        user.save(update_fields=["wajib_2fa_dikecualikan"])
        _audit_pengguna_write(
            user=user, by=None, changes=[(AuditPengguna.Atribut.DUA_LANGKAH, "", AuditPengguna.NILAI_DIKECUALIKAN)]
        )
    return user


@transaction.atomic
def pengguna_password_set(*, user: User, password: str | None, by: User | None) -> User:
    """Set (or, with None, disable) a password; set by someone else, it must be changed at the next login.

    A new password also ends a login lockout of that username, so a reset link is a way back in.
    """
    stored = User.objects.select_for_update().get(pk=user.pk)
    if by is not None and by.pk != user.pk and not by.is_superuser and stored.akun_terlindungi:
        _user_refuse(_("Kata sandi akun ini hanya dapat ditetapkan oleh superuser."), by=by, user=user)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.wajib_ganti_password = password is not None and _password_set_by_other(user=user, by=by)
    user.save(update_fields=["password", "wajib_ganti_password"])
    nilai = AuditPengguna.NILAI_DITETAPKAN if password is not None else AuditPengguna.NILAI_DINONAKTIFKAN
    _audit_pengguna_write(user=user, by=by, changes=[(AuditPengguna.Atribut.PASSWORD, "", nilai)])
    _password_set_log(user=user, by=by)
    axes_reset(username=user.username)
    return user


def _rapat_validate_terbuka(rapat: Rapat) -> None:
    if rapat.ditutup:
        ditutup = rapat.ditutup_pada or rapat.mulai
        raise ValidationError(
            _(
                "Rapat ini sudah ditutup pada %(tanggal)s; notulennya terkunci. "
                "Koreksi ditambahkan sebagai addendum bertanggal."
            )
            % {"tanggal": date_format(timezone.localtime(ditutup), "DATE_FORMAT")},
            code="rapat_ditutup",
        )


def _rapat_validate_tiba(rapat: Rapat, message: str) -> None:
    """Refuse what can only happen at or after the meeting (attendance, closing) before its day."""
    if not rapat.sudah_tiba:
        raise ValidationError(message % {"tanggal": date_format(rapat.tanggal, "DATE_FORMAT")}, code="rapat_belum_tiba")


def _rapat_lock(rapat: Rapat) -> Rapat:
    """Re-read the meeting under a row lock so a concurrent close cannot slip between check and write."""
    return Rapat.objects.select_for_update().get(pk=rapat.pk)


@transaction.atomic
def rapat_update(
    *,
    by: User,
    rapat: Rapat | None = None,
    jenis: str,
    judul: str,
    mulai: datetime.datetime,
    tempat: str,
    penyelenggara: OPD,
    selesai: datetime.datetime | None = None,
    pimpinan_rapat: str = "",
    klaster: Klaster | None = None,
    agenda: list[str] | None = None,
    opd_diundang: list[OPD] | None = None,
) -> Rapat:
    """Create or edit a meeting with its ordered agenda and invited organisations.

    Organisations no longer listed lose their invitation unless attendance was already
    recorded for it; named persons invited from the detail page are kept.
    """
    require(by, "gugus_tugas.kelola_rapat", rapat)
    if rapat is None:
        rapat = Rapat(dibuat_oleh=by)
    else:
        rapat = _rapat_lock(rapat)
        _rapat_validate_terbuka(rapat)
    rapat.jenis = jenis
    rapat.judul = judul.strip()
    rapat.mulai = mulai
    rapat.selesai = selesai
    rapat.tempat = tempat.strip()
    rapat.penyelenggara = penyelenggara
    rapat.pimpinan_rapat = pimpinan_rapat.strip()
    rapat.klaster = klaster
    rapat.full_clean()
    rapat.save()
    if agenda is not None:
        _agenda_set(rapat, agenda)
    if opd_diundang is not None:
        _undangan_opd_set(rapat, opd_diundang, by=by)
    return rapat


def _agenda_set(rapat: Rapat, agenda: list[str]) -> None:
    items = [line.strip() for line in agenda if line.strip()]
    rapat.agenda.all().delete()
    AgendaRapat.objects.bulk_create(
        [AgendaRapat(rapat=rapat, urutan=urutan, uraian=uraian[:300]) for urutan, uraian in enumerate(items, 1)]
    )


def _undangan_opd_set(rapat: Rapat, opd_list: list[OPD], *, by: User) -> None:
    wanted = {opd.pk for opd in opd_list}
    existing = set(rapat.undangan.filter(nama="").values_list("opd_id", flat=True))
    rapat.undangan.filter(nama="", kehadiran__isnull=True).exclude(opd_id__in=wanted).delete()
    # Through the history helper, so the audit trail shows who invited whom.
    bulk_create_with_history(
        [Undangan(rapat=rapat, opd_id=pk) for pk in sorted(wanted - existing)], Undangan, default_user=by
    )


@transaction.atomic
def rapat_submit(*, rapat: Rapat, by: User) -> Rapat:
    """Publish a draft meeting so members see it and can download the invitation."""
    require(by, "gugus_tugas.kelola_rapat", rapat)
    rapat = _rapat_lock(rapat)
    if rapat.status != Rapat.Status.DRAFT:
        raise ValidationError(_("Hanya rapat berstatus draf yang dapat dijadwalkan."))
    if not rapat.undangan.exists():
        raise ValidationError(_("Tambahkan paling sedikit satu undangan sebelum menjadwalkan rapat."))
    rapat.status = Rapat.Status.TERJADWAL
    rapat.save(update_fields=["status"])
    return rapat


@transaction.atomic
def rapat_close(*, rapat: Rapat, by: User) -> Rapat:
    """Close a meeting: minutes, attendance, decisions and follow-up list are locked from now on."""
    require(by, "gugus_tugas.kelola_rapat", rapat)
    rapat = _rapat_lock(rapat)
    _rapat_validate_terbuka(rapat)
    if rapat.status != Rapat.Status.TERJADWAL:
        raise ValidationError(_("Jadwalkan rapat terlebih dahulu sebelum menutupnya."))
    _rapat_validate_tiba(rapat, _("Rapat baru berlangsung pada %(tanggal)s; rapat dapat ditutup mulai tanggal itu."))
    if not rapat.notulen.strip():
        raise ValidationError(_("Tuliskan notulen sebelum menutup rapat."))
    rapat.status = Rapat.Status.SELESAI
    rapat.ditutup_oleh = by
    rapat.ditutup_pada = timezone.now()
    rapat.save(update_fields=["status", "ditutup_oleh", "ditutup_pada"])
    return rapat


@transaction.atomic
def notulen_update(*, rapat: Rapat, notulen: str, by: User) -> Rapat:
    require(by, "gugus_tugas.kelola_rapat", rapat)
    rapat = _rapat_lock(rapat)
    _rapat_validate_terbuka(rapat)
    rapat.notulen = notulen.strip()
    rapat.save(update_fields=["notulen"])
    return rapat


@transaction.atomic
def addendum_create(*, rapat: Rapat, isi: str, by: User) -> AddendumNotulen:
    """Add a dated correction to the minutes of a closed meeting."""
    require(by, "gugus_tugas.kelola_rapat", rapat)
    if not rapat.ditutup:
        raise ValidationError(_("Rapat belum ditutup; ubah notulennya secara langsung."))
    addendum = AddendumNotulen(rapat=rapat, isi=isi.strip(), dibuat_oleh=by)
    addendum.full_clean()
    addendum.save()
    return addendum


@transaction.atomic
def undangan_create(*, rapat: Rapat, opd: OPD, by: User, nama: str = "", jabatan: str = "") -> Undangan:
    """Invite an organisation, or a named person from it."""
    require(by, "gugus_tugas.kelola_rapat", rapat)
    _rapat_validate_terbuka(_rapat_lock(rapat))
    undangan = Undangan(rapat=rapat, opd=opd, nama=nama.strip(), jabatan=jabatan.strip())
    if Undangan.objects.filter(rapat=rapat, opd=opd, nama=undangan.nama).exists():
        raise ValidationError(_("%(undangan)s sudah ada dalam daftar undangan.") % {"undangan": undangan})
    undangan.full_clean()
    undangan.save()
    return undangan


@transaction.atomic
def kehadiran_set(
    *, rapat: Rapat, undangan: Undangan, status: str, by: User, nama_hadir: str = "", keterangan: str = ""
) -> Kehadiran:
    """Record (or correct) whether an invitee came; only invitees of this meeting can be recorded."""
    require(by, "gugus_tugas.kelola_rapat", rapat)
    rapat = _rapat_lock(rapat)
    _rapat_validate_terbuka(rapat)
    _rapat_validate_tiba(
        rapat, _("Rapat baru berlangsung pada %(tanggal)s; kehadiran dapat dicatat mulai tanggal itu.")
    )
    if undangan.rapat_id != rapat.pk:
        raise ValidationError(
            {
                "undangan": _(
                    "%(nama)s tidak ada dalam daftar undangan rapat ini. Tambahkan undangannya terlebih dahulu."
                )
                % {"nama": undangan}
            }
        )
    if status == Kehadiran.Status.DIWAKILI and not nama_hadir.strip():
        raise ValidationError({"nama_hadir": _("Tuliskan nama wakil yang hadir.")})
    kehadiran = Kehadiran.objects.filter(undangan=undangan).first() or Kehadiran(undangan=undangan)
    kehadiran.status = status
    kehadiran.nama_hadir = nama_hadir.strip()
    kehadiran.keterangan = keterangan.strip()
    kehadiran.full_clean()
    kehadiran.save()
    return kehadiran


@transaction.atomic
def daftar_hadir_set(*, rapat: Rapat, entries: list[dict], by: User) -> int:
    """Record the whole attendance table at once, all or nothing; a blank status clears a row.

    Each entry has undangan, status, nama_hadir and keterangan; returns how many rows are recorded.
    """
    require(by, "gugus_tugas.kelola_rapat", rapat)
    rapat = _rapat_lock(rapat)
    _rapat_validate_terbuka(rapat)
    _rapat_validate_tiba(
        rapat, _("Rapat baru berlangsung pada %(tanggal)s; kehadiran dapat dicatat mulai tanggal itu.")
    )
    errors, recorded = [], 0
    for entry in entries:
        undangan = entry["undangan"]
        if not entry["status"]:
            Kehadiran.objects.filter(undangan=undangan, undangan__rapat=rapat).delete()
            continue
        try:
            kehadiran_set(rapat=rapat, by=by, **entry)
        except ValidationError as exc:
            errors.append(f"{undangan}: {' '.join(exc.messages)}")
        else:
            recorded += 1
    if errors:
        raise ValidationError(errors)
    return recorded


@transaction.atomic
def keputusan_create(*, rapat: Rapat, uraian: str, by: User, jenis: str = Keputusan.Jenis.KEPUTUSAN) -> Keputusan:
    require(by, "gugus_tugas.kelola_rapat", rapat)
    rapat = _rapat_lock(rapat)
    _rapat_validate_terbuka(rapat)
    urutan = (rapat.keputusan.order_by("-urutan").values_list("urutan", flat=True).first() or 0) + 1
    keputusan = Keputusan(rapat=rapat, urutan=urutan, jenis=jenis, uraian=uraian.strip())
    keputusan.full_clean()
    keputusan.save()
    return keputusan


@transaction.atomic
def tindak_lanjut_create(
    *,
    rapat: Rapat,
    uraian: str,
    opd: OPD | None,
    batas_waktu: datetime.date | None,
    by: User,
    klaster: Klaster | None = None,
    indikator: Indikator | None = None,
) -> TindakLanjut:
    """Add a follow-up action with its owner OPD and deadline (not before the meeting day)."""
    require(by, "gugus_tugas.kelola_rapat", rapat)
    rapat = _rapat_lock(rapat)
    _rapat_validate_terbuka(rapat)
    if indikator is not None and klaster is None:
        klaster = indikator.klaster
    tindak_lanjut = TindakLanjut(
        rapat=rapat, uraian=uraian.strip(), opd=opd, batas_waktu=batas_waktu, klaster=klaster, indikator=indikator
    )
    tindak_lanjut.full_clean()
    tindak_lanjut.save()
    return tindak_lanjut


@transaction.atomic
def tindak_lanjut_update(
    *, tindak_lanjut: TindakLanjut, status: str, by: User, catatan: str = "", berkas=None
) -> TindakLanjut:
    """The owner OPD reports progress: status, a note, and optionally an evidence file."""
    require(by, "gugus_tugas.perbarui_tindak_lanjut", tindak_lanjut)
    tindak_lanjut = TindakLanjut.objects.select_for_update().get(pk=tindak_lanjut.pk)
    if status == TindakLanjut.Status.SELESAI and not catatan.strip():
        raise ValidationError({"catatan": _("Tuliskan catatan penyelesaian sebelum menandai selesai.")})
    tindak_lanjut.status = status
    tindak_lanjut.catatan = catatan.strip()
    tindak_lanjut.diperbarui_oleh = by
    tindak_lanjut.diperbarui_pada = timezone.now()
    tindak_lanjut.full_clean()
    tindak_lanjut.save(update_fields=["status", "catatan", "diperbarui_oleh", "diperbarui_pada"])
    if berkas is not None:
        bukti_tindak_lanjut_create(tindak_lanjut=tindak_lanjut, berkas=berkas, by=by)
    return tindak_lanjut


@transaction.atomic
def bukti_tindak_lanjut_create(*, tindak_lanjut: TindakLanjut, berkas, by: User) -> BuktiTindakLanjut:
    """Attach an evidence file after checking its size and content (same rules as RAD evidence)."""
    require(by, "gugus_tugas.perbarui_tindak_lanjut", tindak_lanjut)
    return attachment_add(model=BuktiTindakLanjut, owner=tindak_lanjut, file=berkas, by=by)


@transaction.atomic
def lampiran_rapat_create(*, rapat: Rapat, berkas, keterangan: str, by: User) -> LampiranRapat:
    """Attach a meeting document; allowed after closing because it adds to the record, not the minutes."""
    require(by, "gugus_tugas.kelola_rapat", rapat)
    if not keterangan.strip():
        raise ValidationError({"keterangan": _("Tuliskan keterangan lampiran, misalnya Daftar hadir bertanda tangan.")})
    return attachment_add(model=LampiranRapat, owner=rapat, file=berkas, by=by, keterangan=keterangan.strip())


def pengingat_tindak_lanjut_notify(*, tanggal: datetime.date | None = None) -> dict[str, int]:
    """Email each owner OPD's active users its overdue and due-soon follow-ups, once per OPD per day.

    Each OPD is its own transaction: the reminder row is inserted first, so a second run the
    same day (or a concurrent worker) finds it and sends nothing; a failed send rolls it back.
    """
    tanggal = tanggal or timezone.localdate()
    hasil = {"terkirim": 0, "dilewati": 0}
    for opd, items in tindak_lanjut_perlu_diingatkan_list(tanggal=tanggal).items():
        penerima = sorted(
            User.objects.filter(opd=opd, is_active=True).exclude(email="").values_list("email", flat=True)
        )
        if not penerima:
            hasil["dilewati"] += 1
            continue
        try:
            with transaction.atomic():
                PengingatTindakLanjut.objects.create(
                    opd=opd, tanggal=tanggal, jumlah_tindak_lanjut=len(items), penerima=", ".join(penerima)
                )
                _pengingat_email_notify(opd=opd, items=items, tanggal=tanggal, penerima=penerima)
        except IntegrityError:
            hasil["dilewati"] += 1
            continue
        hasil["terkirim"] += 1
    logger.info("Pengingat tindak lanjut %s: %s", tanggal, hasil)
    return hasil


def _pengingat_email_notify(*, opd: OPD, items: list[TindakLanjut], tanggal: datetime.date, penerima: list[str]):
    merek = merek_get()
    with translation.override(settings.LANGUAGE_CODE):
        subject = merek.subjek(
            _("Pengingat tindak lanjut rapat Gugus Tugas KLA: %(opd)s, %(tanggal)s")
            % {"opd": opd.singkatan, "tanggal": date_format(tanggal, "DATE_FORMAT")}
        )
        body = render_to_string(
            "gugus_tugas/email/pengingat_tindak_lanjut.txt",
            {
                "opd": opd,
                "tanggal": tanggal,
                "terlambat": [item for item in items if item.batas_waktu < tanggal],
                "menjelang": [item for item in items if item.batas_waktu >= tanggal],
                "merek": merek,
            },
        )
    send_mail(subject, body, merek.pengirim(), penerima)
