"""What of the RAD a reader may see and the progress-state filter: shared by the selectors and the list filters."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from gugus_tugas.models import User
from gugus_tugas.rules import is_admin_sekretariat, is_koordinator_klaster, is_pelaksana_kla

from .models import ProgresTahunan, Realisasi, RencanaAksi
from .progres import DILAPORKAN, StatusProgres


def _realisasi_visible_q(user: User) -> Q | None:
    """Which realisations the user may read, as rules.py's rad_kla.lihat_realisasi says; None for none."""
    if not is_pelaksana_kla(user):
        return None
    if is_admin_sekretariat(user):
        return Q()
    q = Q(status__in=DILAPORKAN)
    if user.opd_id is not None:
        q |= Q(rencana_aksi__opd_id=user.opd_id)
    if is_koordinator_klaster(user) and user.klaster_id is not None:
        q |= Q(rencana_aksi__indikator__klaster_id=user.klaster_id)
    return q


def realisasi_visible(*, user: User | None = None, published_only: bool = False) -> QuerySet[Realisasi]:
    """Realisations the user may read: submitted and verified ones, and the drafts of those who work on them.

    published_only=True gives the submitted and verified ones whoever reads: what a report shows, with no reader.
    """
    q = Q(status__in=DILAPORKAN) if published_only else _realisasi_visible_q(user)
    return Realisasi.objects.none() if q is None else Realisasi.objects.filter(q)


def rencana_progres_filter(qs: QuerySet[RencanaAksi], *, tahun: int, status: str) -> QuerySet[RencanaAksi]:
    """The actions of `qs` whose progress in `tahun` is in this state (an action with no row has no target)."""
    rows = ProgresTahunan.objects.filter(rencana_aksi=OuterRef("pk"), tahun=tahun)
    if status == StatusProgres.TANPA_TARGET:
        return qs.filter(~Exists(rows.exclude(status=StatusProgres.TANPA_TARGET)))
    return qs.filter(Exists(rows.filter(status=status)))
