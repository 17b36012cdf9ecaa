"""The RAD import as a background job: the sheet kept privately, its check and its save run by a worker."""

import logging
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from core.storage import private_storage
from gugus_tugas.models import User

from .excel import ImportResult, RowError, rencana_import
from .models import ImporRad
from .services import IMPOR_TERTUNDA_FOLDER
from .tasks import impor_rad_import_task

logger = logging.getLogger(__name__)

# Share of the bar for reading the file before the rows are checked, and where the save starts.
PROGRES_BACA = 5
PROGRES_SIMPAN = 80


def impor_rad_get(*, user: User, pk: int) -> ImporRad | None:
    """An import of this user; another user's import does not exist for them."""
    return ImporRad.objects.filter(pk=pk, diunggah_oleh=user).first()


@transaction.atomic
def impor_rad_request(*, berkas, by: User) -> ImporRad:
    """Keep an uploaded sheet privately and queue its check; the page follows the job's progress."""
    if not by.has_perm("rad_kla.kelola_rad"):
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))
    name = private_storage().save(f"{IMPOR_TERTUNDA_FOLDER}/{secrets.token_hex(16)}.xlsx", berkas)
    impor = ImporRad(berkas=name, nama_berkas=berkas.name[:120], diunggah_oleh=by, keterangan=_("Menunggu giliran…"))
    impor.full_clean()
    impor.save()
    transaction.on_commit(lambda: _enqueue(impor.pk))
    return impor


@transaction.atomic
def impor_rad_submit(*, impor: ImporRad, by: User) -> ImporRad:
    """Queue the save of a checked sheet without errors; a second confirmation changes nothing."""
    impor = ImporRad.objects.select_for_update().get(pk=impor.pk)
    if impor.diunggah_oleh_id != by.pk or not by.has_perm("rad_kla.kelola_rad"):
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))
    ready = (
        impor.tahap == ImporRad.Tahap.PRATINJAU
        and impor.status == ImporRad.Status.SELESAI
        and ImportResult.from_dict(impor.hasil).ok
    )
    if not ready:
        raise ValidationError(_("Impor ini tidak dapat disimpan (lagi). Unggah berkasnya lagi bila perlu."))
    impor.tahap = ImporRad.Tahap.SIMPAN
    impor.status = ImporRad.Status.ANTRI
    impor.progres = 0
    impor.keterangan = _("Menunggu giliran…")
    impor.save(update_fields=["tahap", "status", "progres", "keterangan"])
    transaction.on_commit(lambda: _enqueue(impor.pk))
    return impor


def _enqueue(impor_id: int) -> None:
    try:
        impor_rad_import_task.apply_async((impor_id,), ignore_result=True)
    except BrokerError as error:
        logger.warning("Impor RAD %s tidak masuk antrean: %s", impor_id, error)
        _finish(
            impor_id,
            status=ImporRad.Status.GAGAL,
            keterangan=_("Antrean sedang tidak tersedia; unggah berkasnya lagi beberapa saat lagi."),
            keep_file=False,
        )


def _progress_set(impor_id: int, progres: int, keterangan: str) -> None:
    ImporRad.objects.filter(pk=impor_id).update(progres=progres, keterangan=keterangan)


def _finish(impor_id: int, *, status: str, keterangan: str, keep_file: bool, hasil: dict | None = None) -> None:
    impor = ImporRad.objects.get(pk=impor_id)
    if not keep_file and impor.berkas:
        private_storage().delete(impor.berkas)
        impor.berkas = ""
    impor.status = status
    impor.progres = 100
    impor.keterangan = keterangan
    if hasil is not None:
        impor.hasil = hasil
    impor.save(update_fields=["berkas", "status", "progres", "keterangan", "hasil"])


def impor_rad_import(*, impor_id: int, ulang: bool = False) -> str:
    """Run the queued step of an import (check or save) and record its result; returns the final status.

    Only a queued import is taken, so a message delivered twice runs the step once. `ulang` is a
    message redelivered because its worker died: the step it left half-done (the save rolled back
    with the worker) is taken again.
    """
    takeable = ImporRad.AKTIF if ulang else (ImporRad.Status.ANTRI,)
    taken = ImporRad.objects.filter(pk=impor_id, status__in=takeable).update(
        status=ImporRad.Status.DIPROSES, progres=0, keterangan=_("Membaca berkas…")
    )
    if not taken:
        return ImporRad.objects.filter(pk=impor_id).values_list("status", flat=True).first() or ""
    impor = ImporRad.objects.select_related("diunggah_oleh").get(pk=impor_id)
    dry_run = impor.tahap == ImporRad.Tahap.PRATINJAU
    end = 100 if dry_run else PROGRES_SIMPAN

    def progres(done: int, total: int) -> None:
        if done >= total and not dry_run:
            _progress_set(impor_id, PROGRES_SIMPAN, _("Menyimpan %(jumlah)s baris…") % {"jumlah": total})
            return
        persen = PROGRES_BACA + (end - PROGRES_BACA) * done // max(total, 1)
        _progress_set(
            impor_id, persen, _("Memeriksa baris %(baris)s dari %(jumlah)s…") % {"baris": done, "jumlah": total}
        )

    try:
        with private_storage().open(impor.berkas, "rb") as upload:
            result = rencana_import(
                upload, filename=impor.nama_berkas, by=impor.diunggah_oleh, dry_run=dry_run, progres=progres
            )
    except FileNotFoundError:
        result = ImportResult(dry_run=dry_run)
        result.errors.append(RowError(0, _("Berkas impor sudah tidak tersedia; unggah berkasnya lagi.")))
    except Exception:
        logger.exception("Impor RAD %s gagal", impor_id)
        _finish(
            impor_id,
            status=ImporRad.Status.GAGAL,
            keterangan=_("Impor gagal karena kesalahan sistem; tidak ada data yang disimpan. Coba lagi."),
            keep_file=False,
        )
        return ImporRad.Status.GAGAL
    if result.saved:
        keterangan = _("Impor selesai.")
    elif result.ok:
        keterangan = _("Pemeriksaan selesai; semua baris valid.")
    else:
        keterangan = _("Pemeriksaan selesai; ada kesalahan.")
    _finish(
        impor_id,
        status=ImporRad.Status.SELESAI,
        keterangan=keterangan,
        keep_file=dry_run and result.ok,
        hasil=result.as_dict(),
    )
    return ImporRad.Status.SELESAI
