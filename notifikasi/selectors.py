"""Reads of notifications: always the reader's own."""

from collections.abc import Iterable

from django.db.models import QuerySet

from gugus_tugas.models import OPD, Peran, User

from .models import Notifikasi, PengaturanNotifikasi, PreferensiNotifikasi

# The roles that may open the meetings (gugus_tugas.rules): an invitation's link must open for its reader.
PERAN_RAPAT = [Peran.ADMIN_SEKRETARIAT, Peran.PIMPINAN, Peran.KOORDINATOR_KLASTER, Peran.OPERATOR_OPD]


def notifikasi_list(*, user: User) -> QuerySet[Notifikasi]:
    return Notifikasi.objects.filter(penerima=user)


def notifikasi_get(*, user: User, pk: int) -> Notifikasi:
    """One of the reader's notifications; Notifikasi.DoesNotExist for anyone else's."""
    return Notifikasi.objects.get(pk=pk, penerima=user)


def notifikasi_unread_count(*, user: User) -> int:
    return Notifikasi.objects.filter(penerima=user, dibaca_pada__isnull=True).count()


def operator_opd_list(*, opd: OPD | int | Iterable[int]) -> QuerySet[User]:
    """The active operators of an OPD (or of several, by id): who is told what the OPD must do."""
    if isinstance(opd, OPD | int):
        return User.objects.filter(opd=opd, peran=Peran.OPERATOR_OPD, is_active=True)
    return User.objects.filter(opd_id__in=list(opd), peran=Peran.OPERATOR_OPD, is_active=True)


def koordinator_klaster_list(*, klaster_id: int) -> QuerySet[User]:
    """The active coordinators of a cluster: who verifies its realisations."""
    return User.objects.filter(klaster_id=klaster_id, peran=Peran.KOORDINATOR_KLASTER, is_active=True)


def pimpinan_admin_list() -> QuerySet[User]:
    """The active Pimpinan and Admin Sekretariat: who reads the region-wide reports."""
    return User.objects.filter(peran__in=[Peran.PIMPINAN, Peran.ADMIN_SEKRETARIAT], is_active=True)


def pengguna_opd_list(*, opd_ids: Iterable[int]) -> QuerySet[User]:
    """The active accounts of the given OPDs that may open a meeting: who an invitation to an OPD reaches."""
    return User.objects.filter(opd_id__in=list(opd_ids), is_active=True, peran__in=PERAN_RAPAT)


def preferensi_get(*, user: User) -> tuple[bool, set[str]]:
    """The user's e-mail choices: (daily summary, kinds whose e-mail is off)."""
    ringkasan = PengaturanNotifikasi.objects.filter(pengguna=user, ringkasan_harian=True).exists()
    mati = set(PreferensiNotifikasi.objects.filter(pengguna=user, email=False).values_list("jenis", flat=True))
    return ringkasan, mati
