"""RAD exports too large for a request: counted in the request, built by a worker, downloaded by their reader."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from gugus_tugas.models import User

from .excel import rencana_export
from .models import EksporRad
from .selectors import rencana_list
from .tasks import ekspor_rad_export_task

logger = logging.getLogger(__name__)


def ekspor_rad_get(*, user: User, pk: int) -> EksporRad | None:
    """An export of this user; another user's export does not exist for them."""
    return EksporRad.objects.filter(pk=pk, diminta_oleh=user).first()


def ekspor_rad_list(*, user: User, limit: int = 10) -> list[EksporRad]:
    return list(EksporRad.objects.filter(diminta_oleh=user)[:limit])


def ekspor_rad_besar(*, jumlah: int) -> bool:
    """Whether an export of this many actions goes to the worker instead of being built in the request."""
    return jumlah > settings.RAD_EKSPOR_MAKS_BARIS


@transaction.atomic
def ekspor_rad_request(*, tahun: int, filters: dict, jumlah: int, by: User) -> EksporRad:
    """Queue an export of the list as `by` sees it; the worker applies the same filters for the same reader."""
    if not by.has_perm("rad_kla.lihat_rad"):
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))
    ekspor = EksporRad(diminta_oleh=by, tahun=tahun, filter=filters, jumlah_baris=jumlah)
    ekspor.full_clean(exclude=["berkas"])
    ekspor.save()
    transaction.on_commit(lambda: _enqueue(ekspor.pk))
    return ekspor


def _enqueue(ekspor_id: int) -> None:
    try:
        ekspor_rad_export_task.apply_async((ekspor_id,), ignore_result=True)
    except BrokerError as error:
        logger.warning("Ekspor RAD %s tidak masuk antrean: %s", ekspor_id, error)
        EksporRad.objects.filter(pk=ekspor_id).update(
            status=EksporRad.Status.GAGAL,
            keterangan=_("Antrean sedang tidak tersedia; minta ekspornya lagi beberapa saat lagi."),
        )


def ekspor_rad_export(*, ekspor_id: int, ulang: bool = False) -> str:
    """Build one queued export into a private file; a message delivered twice builds it once.

    `ulang` is a message redelivered because its worker died: the export it was building is taken again.
    """
    takeable = EksporRad.AKTIF if ulang else (EksporRad.Status.ANTRI,)
    taken = EksporRad.objects.filter(pk=ekspor_id, status__in=takeable).update(
        status=EksporRad.Status.DIPROSES, keterangan=_("Sedang disusun…")
    )
    if not taken:
        return EksporRad.objects.filter(pk=ekspor_id).values_list("status", flat=True).first() or ""
    ekspor = EksporRad.objects.select_related("diminta_oleh").get(pk=ekspor_id)
    try:
        content = rencana_export(rencana_list(user=ekspor.diminta_oleh, tahun=ekspor.tahun, filters=ekspor.filter))
        ekspor.berkas.save(ekspor.nama_berkas, ContentFile(content), save=False)
    except Exception:
        logger.exception("Ekspor RAD %s gagal", ekspor_id)
        ekspor.status = EksporRad.Status.GAGAL
        ekspor.keterangan = _("Ekspor gagal karena kesalahan sistem. Coba lagi.")
        ekspor.save(update_fields=["status", "keterangan"])
        return ekspor.status
    ekspor.status = EksporRad.Status.SELESAI
    ekspor.keterangan = ""
    ekspor.save(update_fields=["berkas", "status", "keterangan"])
    return ekspor.status


def ekspor_rad_delete(*, lebih_lama_dari: datetime.timedelta) -> int:
    """Remove finished or failed exports (row and file) older than `lebih_lama_dari`; returns how many."""
    batas = timezone.now() - lebih_lama_dari
    old = list(EksporRad.objects.filter(diminta_pada__lt=batas).exclude(status__in=EksporRad.AKTIF))
    for ekspor in old:
        if ekspor.berkas:
            ekspor.berkas.delete(save=False)
        ekspor.delete()
    return len(old)
