"""Reads of notifications: always the reader's own."""

from django.db.models import QuerySet

from gugus_tugas.models import OPD, Peran, User

from .models import Notifikasi


def notifikasi_list(*, user: User) -> QuerySet[Notifikasi]:
    return Notifikasi.objects.filter(penerima=user)


def notifikasi_get(*, user: User, pk: int) -> Notifikasi:
    """One of the reader's notifications; Notifikasi.DoesNotExist for anyone else's."""
    return Notifikasi.objects.get(pk=pk, penerima=user)


def notifikasi_unread_count(*, user: User) -> int:
    return Notifikasi.objects.filter(penerima=user, dibaca_pada__isnull=True).count()


def operator_opd_list(*, opd: OPD | int) -> QuerySet[User]:
    """The active operators of an OPD: who is told what the OPD must do."""
    return User.objects.filter(opd=opd, peran=Peran.OPERATOR_OPD, is_active=True)


def koordinator_klaster_list(*, klaster_id: int) -> QuerySet[User]:
    """The active coordinators of a cluster: who verifies its realisations."""
    return User.objects.filter(klaster_id=klaster_id, peran=Peran.KOORDINATOR_KLASTER, is_active=True)
