"""Every write of the evaluation: indicator scores and evidence, finalising a year, report jobs."""

import datetime
import logging
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError

from core.attachments import attachment_add, attachment_delete
from core.guards import require
from gugus_tugas.models import User
from klaster.models import Indikator, Predikat
from klaster.scoring import predikat_for
from klaster.selectors import indikator_aktif_list, predikat_list
from notifikasi.models import Notifikasi
from notifikasi.selectors import pimpinan_admin_list
from notifikasi.services import notifikasi_create
from rad_kla.selectors import realisasi_terverifikasi_list

from .laporan import laporan_bulan_label, laporan_nama_list, laporan_render_bytes
from .models import BuktiPenilaian, LaporanJob, PenilaianIndikator, PenilaianTahun
from .reports import parameter_clean
from .rules import bab_tertutup_list
from .selectors import rapat_pendukung_list, statistik_kasus_relevan
from .tasks import laporan_render_task

logger = logging.getLogger(__name__)

# A render attempt that has not finished after this long belongs to a worker that died.
BATAS_MACET = datetime.timedelta(minutes=30)
# A queued job not taken this long after its message was sent has lost that message (a broker
# restarted without its queue): it is sent again. Sending twice never renders twice (see laporan_proses).
BATAS_ANTRI = datetime.timedelta(minutes=3)
MAKS_PERCOBAAN = 3
# Errors worth another attempt: the database, broker or a file server was briefly away.
GALAT_SEMENTARA = (OperationalError, InterfaceError, RedisConnectionError, ConnectionError, TimeoutError)


class LaporanGagalSementara(Exception):
    """A render attempt failed for a reason that may pass; the task tries again with backoff.

    `percobaan` is set when the job could not be put back in the queue (the database was away) and
    is still marked as rendering by this attempt: the retry may take it over, nobody else may.
    """

    def __init__(self, message: str, *, percobaan: int | None = None):
        super().__init__(message)
        self.percobaan = percobaan


GALAT_BASIS_DATA = (OperationalError, InterfaceError)


def _sambungan_pulihkan() -> None:
    """After a database error outside any transaction, drop the broken connection so the next query reconnects."""
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()


def _tahun_terbuka(penilaian: PenilaianTahun) -> None:
    if penilaian.final:
        raise ValidationError(
            _("Penilaian mandiri tahun %(tahun)s sudah final dan tidak dapat diubah.") % {"tahun": penilaian.tahun}
        )


def _tahun_get_or_create(tahun: int) -> PenilaianTahun:
    penilaian, _created = PenilaianTahun.objects.select_for_update().get_or_create(tahun=tahun)
    return penilaian


@transaction.atomic
def penilaian_indikator_update(
    *,
    tahun: int,
    indikator: Indikator,
    skor: Decimal | None,
    narasi: str,
    realisasi_ids: Iterable[int] = (),
    rapat_ids: Iterable[int] = (),
    statistik_kasus: bool = False,
    berkas: Iterable = (),
    keterangan_berkas: str = "",
    by: User,
) -> PenilaianIndikator:
    """Record an indicator's claimed score, narrative and the evidence it cites, and attach new files; all or nothing.

    Evidence: verified realisations of the indicator's actions, held Gugus Tugas meetings the user
    may see, and (for Klaster V) the year's aggregated case statistics. A file that cannot be
    attached leaves the score unsaved too.
    """
    require(by, "evaluasi.isi_penilaian", indikator)
    if not indikator_aktif_list(tahun=tahun).filter(pk=indikator.pk).exists():
        raise ValidationError(
            _("Indikator %(kode)s tidak berlaku pada tahun %(tahun)s.") % {"kode": indikator.kode, "tahun": tahun}
        )
    penilaian = _tahun_get_or_create(tahun)
    _tahun_terbuka(penilaian)
    if skor is not None and (skor < 0 or skor > indikator.bobot):
        raise ValidationError(
            {
                "skor": _("Skor indikator %(kode)s harus antara 0 dan %(bobot)s.")
                % {"kode": indikator.kode, "bobot": number_format(indikator.bobot, decimal_pos=2)}
            }
        )
    wanted = set(realisasi_ids)
    allowed = set(
        realisasi_terverifikasi_list(indikator_id=indikator.pk, tahun_list=[tahun - 1, tahun]).values_list(
            "pk", flat=True
        )
    )
    if wanted - allowed:
        raise ValidationError(
            {
                "realisasi": _(
                    "Hanya realisasi RAD terverifikasi dari indikator ini (tahun ini atau sebelumnya) "
                    "yang dapat dikaitkan."
                )
            }
        )
    wanted_rapat = set(rapat_ids)
    if wanted_rapat - set(rapat_pendukung_list(user=by, tahun=tahun).values_list("pk", flat=True)):
        raise ValidationError(
            {"rapat": _("Hanya rapat Gugus Tugas yang sudah selesai (tahun ini atau sebelumnya) yang dapat dikaitkan.")}
        )
    if statistik_kasus and not statistik_kasus_relevan(indikator):
        raise ValidationError(
            {
                "statistik_kasus": _(
                    "Statistik kasus hanya dapat dilampirkan pada indikator klaster perlindungan khusus."
                )
            }
        )
    # Built, not created empty first: the history should start with the first real entry.
    item = PenilaianIndikator.objects.select_for_update().filter(
        penilaian=penilaian, indikator=indikator
    ).first() or PenilaianIndikator(penilaian=penilaian, indikator=indikator)
    item.skor = skor
    item.narasi = narasi.strip()
    item.statistik_kasus = statistik_kasus
    item.diperbarui_oleh = by
    item.diperbarui_pada = timezone.now()
    item.full_clean()
    item.save()
    item.realisasi.set(wanted)
    item.rapat.set(wanted_rapat)
    for upload in berkas:
        bukti_penilaian_create(tahun=tahun, indikator=indikator, berkas=upload, keterangan=keterangan_berkas, by=by)
    return item


@transaction.atomic
def bukti_penilaian_create(
    *, tahun: int, indikator: Indikator, berkas, keterangan: str = "", by: User
) -> BuktiPenilaian:
    """Attach a checked document to an indicator's assessment, opening the assessment if needed."""
    require(by, "evaluasi.isi_penilaian", indikator)
    penilaian = _tahun_get_or_create(tahun)
    _tahun_terbuka(penilaian)
    item, _created = PenilaianIndikator.objects.get_or_create(penilaian=penilaian, indikator=indikator)
    return attachment_add(model=BuktiPenilaian, owner=item, file=berkas, by=by, keterangan=keterangan.strip()[:300])


@transaction.atomic
def bukti_penilaian_delete(*, bukti: BuktiPenilaian, by: User) -> None:
    require(by, "evaluasi.isi_penilaian", bukti)
    _tahun_terbuka(bukti.penilaian_indikator.penilaian)
    attachment_delete(attachment=bukti)


@transaction.atomic
def penilaian_finalize(*, tahun: int, by: User) -> PenilaianTahun:
    """Lock a year once every indicator in force has a score."""
    require(by, "evaluasi.finalisasi_penilaian")
    penilaian = _tahun_get_or_create(tahun)
    _tahun_terbuka(penilaian)
    terisi = set(penilaian.indikator.filter(skor__isnull=False).values_list("indikator_id", flat=True))
    kosong = [i.kode for i in indikator_aktif_list(tahun=tahun) if i.pk not in terisi]
    if kosong:
        raise ValidationError(
            _("Penilaian belum dapat difinalkan: %(jumlah)s indikator belum diberi skor (%(kode)s).")
            % {"jumlah": len(kosong), "kode": ", ".join(kosong)}
        )
    penilaian.status = PenilaianTahun.Status.FINAL
    penilaian.difinalkan_oleh = by
    penilaian.difinalkan_pada = timezone.now()
    penilaian.save(update_fields=["status", "difinalkan_oleh", "difinalkan_pada"])
    return penilaian


@transaction.atomic
def hasil_resmi_set(*, tahun: int, skor: Decimal | None, predikat: Predikat | None = None, by: User) -> PenilaianTahun:
    """Record the official result as published; the predikat follows the score unless given."""
    require(by, "evaluasi.finalisasi_penilaian")
    penilaian = _tahun_get_or_create(tahun)
    if skor is not None and predikat is None:
        predikat = predikat_for(skor, tingkat=predikat_list())
    penilaian.skor_resmi = skor
    penilaian.predikat_resmi = predikat
    penilaian.full_clean()
    penilaian.save(update_fields=["skor_resmi", "predikat_resmi"])
    return penilaian


# Report jobs ---------------------------------------------------------------------------------


def laporan_kunci(jenis: str, parameter: dict, bab_tertutup: Iterable[str] = ()) -> str:
    """The identity of a request: the same kind, parameters and audience (chapters left out) are the same job.

    The audience is part of it so that a report rendered without the case chapter is never followed by,
    nor served to, a requester who may read that chapter, and the other way round.
    """
    # The audience comes right after the kind, so that cutting a long key never drops it.
    bagian = [jenis, *(["tanpa=" + ",".join(sorted(bab_tertutup))] if bab_tertutup else [])]
    bagian += [f"{k}={parameter[k]}" for k in sorted(parameter) if parameter[k] not in (None, "")]
    return ":".join(bagian)[:200]


def _laporan_ikuti(job: LaporanJob, by: User | None) -> LaporanJob:
    if by is not None and job.diminta_oleh_id != by.pk:
        job.pengikut.add(by)
    return job


def _laporan_batas_antrean(by: User) -> None:
    """A user may have only so many of their own requests waiting; following an existing one is free."""
    batas = settings.LAPORAN_MAKS_ANTREAN_PER_PENGGUNA
    if LaporanJob.objects.filter(diminta_oleh=by, status__in=LaporanJob.AKTIF).count() >= batas:
        raise ValidationError(
            _(
                "Anda sudah memiliki %(n)s permintaan laporan yang belum selesai. Tunggu hingga salah satunya "
                "selesai sebelum meminta laporan lain."
            )
            % {"n": batas},
            code="antrean_penuh",
        )


def laporan_request(*, jenis: str, parameter: dict, by: User | None) -> tuple[LaporanJob, bool]:
    """Queue a report, or follow the identical request already queued or rendering (no double render).

    by=None is the scheduler. The report leaves out the chapters the requester may not read, and that
    audience is part of the request's identity. A follower sees the job in their list. Returns (job, created).
    """
    if jenis not in LaporanJob.Jenis.values:
        raise ValidationError(_("Jenis laporan tidak dikenal."))
    if by is not None:
        require(by, "evaluasi.minta_laporan", jenis)
    parameter = parameter_clean(jenis=jenis, parameter=parameter, user=by)
    bab_tertutup = bab_tertutup_list(user=by, jenis=jenis)
    kunci = laporan_kunci(jenis, parameter, bab_tertutup)
    existing = LaporanJob.objects.filter(kunci=kunci, status__in=LaporanJob.AKTIF).first()
    if existing:
        return _laporan_ikuti(existing, by), False
    try:
        with transaction.atomic():
            if by is not None:
                # Locking the requester's row makes two simultaneous requests of one user count each other.
                User.objects.select_for_update().filter(pk=by.pk).first()
                _laporan_batas_antrean(by)
            job = LaporanJob(jenis=jenis, parameter=parameter, bab_tertutup=bab_tertutup, kunci=kunci, diminta_oleh=by)
            job.full_clean(exclude=["berkas"])
            job.save()
    except IntegrityError:
        # A simultaneous identical request won the race; follow that one.
        return _laporan_ikuti(LaporanJob.objects.get(kunci=kunci, status__in=LaporanJob.AKTIF), by), False
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job, True


def _enqueue(job_id: int) -> None:
    try:
        # No result is kept: the job row is the result, and subscribing to the result store would make a request
        # wait ~20 s and fail when Redis is away.
        laporan_render_task.apply_async((job_id,), ignore_result=True)
    except BrokerError as error:
        # The job stays queued in the database; laporan_requeue sends it at its next run after the
        # broker is back (every 10 minutes), whatever the job's age.
        logger.warning("Laporan %s belum masuk antrean: %s", job_id, error)
        LaporanJob.objects.filter(pk=job_id, status=LaporanJob.Status.ANTRI).update(
            antrean_gagal=True,
            pesan_galat=_("Antrean sedang tidak tersedia; laporan akan diproses otomatis setelah layanan pulih."),
        )
    else:
        LaporanJob.objects.filter(pk=job_id).update(antrean_gagal=False, dikirim_pada=timezone.now())


def _laporan_siap_notify(job: LaporanJob) -> None:
    """Tell who asked for a report (and who follows it) that it can be downloaded."""
    penerima = [*([job.diminta_oleh] if job.diminta_oleh_id else []), *job.pengikut.all()]
    notifikasi_create(
        penerima=penerima,
        jenis=Notifikasi.Jenis.LAPORAN_SIAP,
        judul=_("Laporan siap diunduh: %(laporan)s") % {"laporan": laporan_nama_list([job])[0].nama},
        tautan=reverse("evaluasi:laporan"),
        kunci=f"laporan:{job.pk}",
    )
    if job.jenis == LaporanJob.Jenis.RAD and job.parameter.get("bulan"):
        # The monthly RAD report (laporan_rad_bulanan) is for the Pimpinan and the secretariat.
        notifikasi_create(
            penerima=pimpinan_admin_list(),
            jenis=Notifikasi.Jenis.LAPORAN_RAD_BULANAN,
            judul=_("Laporan bulanan RAD KLA %(bulan)s siap diunduh")
            % {"bulan": laporan_bulan_label(job.parameter["bulan"], tahun=True)},
            tautan=reverse("evaluasi:laporan"),
            kunci=f"laporan:{job.pk}",
        )


def laporan_render(
    *,
    job_id: int,
    render: Callable[..., tuple[bytes, str]] = laporan_render_bytes,
    pekerja: str = "",
    ulang: bool = False,
    ambil_alih: int | None = None,
) -> str:
    """Render one job; safe to call twice: a finished, failed or already running job is left alone.

    ulang=True says the broker delivers the message again because the worker holding it was lost
    (a killed pool process): a job still marked as rendering is then rendered again, not left stuck.
    ambil_alih=n is a retry of attempt n that could not hand the job back: it takes the job over
    only if it is still attempt n's, on this worker. Every failure ends the attempt at once: a
    transient one (database, broker) raises LaporanGagalSementara for a retry with backoff, any
    other fails the job with its reason in words, and after MAKS_PERCOBAAN attempts the job fails.
    """
    try:
        with transaction.atomic():
            job = LaporanJob.objects.select_for_update().filter(pk=job_id).first()
            if job is None:
                return "hilang"
            milik_sendiri = (
                ambil_alih is not None
                and job.status == LaporanJob.Status.DIPROSES
                and job.percobaan == ambil_alih
                and job.pekerja == pekerja[:200]
            )
            terputus = (ulang and job.status == LaporanJob.Status.DIPROSES) or milik_sendiri
            if job.status != LaporanJob.Status.ANTRI and not terputus:
                return job.status
            if terputus and job.percobaan >= MAKS_PERCOBAAN:
                _laporan_gagal(job, _laporan_pesan_terhenti(job.percobaan))
                return LaporanJob.Status.GAGAL
            job.status = LaporanJob.Status.DIPROSES
            job.mulai_pada = timezone.now()
            job.percobaan += 1
            job.pesan_galat = ""
            job.pekerja = pekerja[:200]
            job.save(update_fields=["status", "mulai_pada", "percobaan", "pesan_galat", "pekerja"])
    except GALAT_BASIS_DATA as error:
        # Nothing was taken: the job is still queued (or still this attempt's) for the retry.
        _sambungan_pulihkan()
        logger.warning("Laporan %s: basis data tidak tersedia, dicoba lagi: %s", job_id, error)
        raise LaporanGagalSementara(str(error), percobaan=ambil_alih) from error
    try:
        content, filename = render(job=job)
        with transaction.atomic():
            current = LaporanJob.objects.select_for_update().get(pk=job.pk)
            if current.status != LaporanJob.Status.DIPROSES or current.percobaan != job.percobaan:
                return current.status
            job.berkas.save(filename, ContentFile(content), save=False)
            job.nama_berkas = filename
            job.ukuran = len(content)
            job.status = LaporanJob.Status.SELESAI
            job.selesai_pada = timezone.now()
            job.save(update_fields=["berkas", "nama_berkas", "ukuran", "status", "selesai_pada"])
            _laporan_siap_notify(job)
        return LaporanJob.Status.SELESAI
    except GALAT_SEMENTARA as error:
        _sambungan_pulihkan()
        logger.warning("Laporan %s gagal sementara (percobaan %s): %s", job.pk, job.percobaan, error)
        if job.percobaan >= MAKS_PERCOBAAN:
            return _laporan_gagal_akhir(
                job,
                _("Laporan gagal dibuat setelah %(n)s kali percobaan karena layanan sedang tidak tersedia.")
                % {"n": job.percobaan},
                error,
            )
        try:
            LaporanJob.objects.filter(pk=job.pk, status=LaporanJob.Status.DIPROSES).update(
                status=LaporanJob.Status.ANTRI, pesan_galat=_("Gagal sementara, akan dicoba lagi.")
            )
        except GALAT_BASIS_DATA:
            raise LaporanGagalSementara(str(error), percobaan=job.percobaan) from error
        raise LaporanGagalSementara(str(error)) from error
    except ValidationError as error:
        # A refused parameter, or the storage full: the reason is already in words.
        return _laporan_gagal_akhir(job, " ".join(error.messages), error)
    except Exception as error:
        logger.exception("Laporan %s gagal dibuat", job.pk)
        return _laporan_gagal_akhir(
            job,
            _("Laporan gagal dibuat karena kesalahan sistem (%(jenis)s). Hubungi Admin Sekretariat bila berulang.")
            % {"jenis": type(error).__name__},
            error,
        )


def _laporan_gagal_akhir(job: LaporanJob, pesan: str, error: Exception) -> str:
    """Fail the job now with its reason; if even that cannot be written, retry as this attempt's."""
    try:
        _laporan_gagal(job, pesan)
    except GALAT_BASIS_DATA as db_error:
        _sambungan_pulihkan()
        raise LaporanGagalSementara(str(db_error), percobaan=job.percobaan) from error
    return LaporanJob.Status.GAGAL


def _laporan_gagal(job: LaporanJob, pesan: str) -> None:
    LaporanJob.objects.filter(pk=job.pk).update(
        status=LaporanJob.Status.GAGAL, pesan_galat=pesan, selesai_pada=timezone.now()
    )


def _laporan_pesan_terhenti(percobaan: int) -> str:
    return _("Laporan gagal dibuat: proses terhenti %(n)s kali sebelum selesai.") % {"n": percobaan}


def _laporan_kembalikan(macet) -> list[int]:
    """Put rendering jobs whose worker is gone back in the queue (or fail them after MAKS_PERCOBAAN)."""
    ids = []
    for job in macet:
        if job.percobaan >= MAKS_PERCOBAAN:
            _laporan_gagal(job, _laporan_pesan_terhenti(job.percobaan))
            continue
        job.status = LaporanJob.Status.ANTRI
        job.pesan_galat = _("Proses sebelumnya terhenti; laporan dijadwalkan ulang.")
        job.save(update_fields=["status", "pesan_galat"])
        ids.append(job.pk)
    return ids


@transaction.atomic
def laporan_pekerja_start(*, pekerja: str) -> list[int]:
    """A worker (re)starts: whatever its node name was rendering before died with it, so it is queued again.

    Celery refuses two running workers with the same node name, so a job marked with this name
    cannot be in progress anywhere else.
    """
    if not pekerja:
        return []
    macet = LaporanJob.objects.select_for_update(skip_locked=True).filter(
        status=LaporanJob.Status.DIPROSES, pekerja=pekerja
    )
    ids = _laporan_kembalikan(macet)
    for pk in ids:
        transaction.on_commit(lambda pk=pk: _enqueue(pk))
    return ids


def laporan_requeue(*, sekarang: datetime.datetime | None = None, batas: datetime.timedelta = BATAS_MACET) -> list[int]:
    """Put back jobs whose worker died mid-render, and re-send queued jobs whose message was lost.

    A queued job is re-sent when BATAS_ANTRI has passed since its message was last sent; a job
    still waiting behind others is sent twice at worst, and the second message finds it taken.
    """
    sekarang = sekarang or timezone.now()
    with transaction.atomic():
        macet = LaporanJob.objects.select_for_update(skip_locked=True).filter(
            status=LaporanJob.Status.DIPROSES, mulai_pada__lt=sekarang - batas
        )
        ids = _laporan_kembalikan(macet)
        lama = LaporanJob.objects.filter(
            Q(dikirim_pada__lt=sekarang - BATAS_ANTRI)
            | Q(dikirim_pada__isnull=True, diminta_pada__lt=sekarang - BATAS_ANTRI)
            | Q(antrean_gagal=True),
            status=LaporanJob.Status.ANTRI,
        )
        ids.extend(pk for pk in lama.values_list("pk", flat=True) if pk not in ids)
        for pk in ids:
            transaction.on_commit(lambda pk=pk: _enqueue(pk))
    return ids


def laporan_kedaluwarsa_delete(*, sekarang: datetime.datetime | None = None, hari: int | None = None) -> list[int]:
    """Delete the files of requested reports finished more than LAPORAN_SIMPAN_HARI days ago; the jobs stay, expired.

    The scheduled monthly RAD reports are kept: they are the year's history, one file a month.
    """
    sekarang = sekarang or timezone.now()
    hari = settings.LAPORAN_SIMPAN_HARI if hari is None else hari
    with transaction.atomic():
        lama = list(
            LaporanJob.objects.select_for_update(skip_locked=True).filter(
                status=LaporanJob.Status.SELESAI,
                diminta_oleh__isnull=False,
                selesai_pada__lt=sekarang - datetime.timedelta(days=hari),
            )
        )
        for job in lama:
            berkas = job.berkas
            if berkas:
                transaction.on_commit(lambda berkas=berkas: berkas.storage.delete(berkas.name))
            job.status = LaporanJob.Status.KEDALUWARSA
            job.berkas = ""
            job.ukuran = 0
            job.pesan_galat = _("Berkas dihapus setelah %(n)s hari; minta laporan ini lagi bila masih diperlukan.") % {
                "n": hari
            }
            job.save(update_fields=["status", "berkas", "ukuran", "pesan_galat"])
    return [job.pk for job in lama]


def laporan_rad_bulanan(*, tanggal: datetime.date | None = None) -> LaporanJob:
    """The monthly RAD progress report of the current year; one per month, kept as history."""
    tanggal = tanggal or timezone.localdate()
    job, _created = laporan_request(
        jenis=LaporanJob.Jenis.RAD, parameter={"tahun": tanggal.year, "bulan": f"{tanggal:%Y-%m}"}, by=None
    )
    return job
