"""Every write to the RAD KLA: actions (one by one or imported in bulk), targets, periods, realisations, evidence,
and the import and export jobs."""

import datetime
import logging
import secrets
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from kombu.exceptions import OperationalError as BrokerError
from simple_history.utils import bulk_create_with_history, bulk_update_with_history, update_change_reason

from core.attachments import attachment_add, attachment_delete
from core.guards import require
from core.storage import private_storage
from gugus_tugas.models import TindakLanjut, User, Wilayah
from gugus_tugas.selectors import profil_daerah_get
from notifikasi.models import Notifikasi
from notifikasi.selectors import koordinator_klaster_list, operator_opd_list
from notifikasi.services import Pesan, notifikasi_bulk_create, notifikasi_create

from .excel import ImportResult, RencanaAksiRow, RowError, rencana_export, rencana_parse
from .excel.matriks_terbit import Pemetaan, matriks_terbit_detect, matriks_terbit_parse
from .filters import RencanaFilter
from .models import (
    UANG_MAKS,
    BuktiDukung,
    EksporRad,
    ImporRad,
    NamaLainLokasi,
    NamaLainSumberDana,
    PemetaanImpor,
    PeriodePelaporan,
    Realisasi,
    RencanaAksi,
    TargetTahunan,
)
from .progres import progres_refresh, rekap_refresh
from .selectors import rencana_list
from .tasks import ekspor_rad_export_task, impor_rad_import_task

logger = logging.getLogger(__name__)

QUARTER_ENDS = [(3, 31), (6, 30), (9, 30), (12, 31)]
# Operators get this many days after a period ends to report it.
REPORTING_GRACE_DAYS = 15
# An uploaded import sheet waits here between preview and confirmation.
IMPOR_TERTUNDA_FOLDER = "impor-rad"


@transaction.atomic
def periode_create(*, tahun: int, jenis: str) -> list[PeriodePelaporan]:
    """Create the reporting periods of a year (idempotent); new periods start closed."""
    per_year = {
        PeriodePelaporan.Jenis.TRIWULAN: 4,
        PeriodePelaporan.Jenis.SEMESTER: 2,
        PeriodePelaporan.Jenis.TAHUNAN: 1,
    }
    count = per_year[PeriodePelaporan.Jenis(jenis)]
    months = 12 // count
    result = []
    for nomor in range(1, count + 1):
        mulai = datetime.date(tahun, months * (nomor - 1) + 1, 1)
        end_month, end_day = QUARTER_ENDS[(months * nomor) // 3 - 1]
        selesai = datetime.date(tahun, end_month, end_day)
        periode, _ = PeriodePelaporan.objects.get_or_create(
            tahun=tahun,
            jenis=jenis,
            nomor=nomor,
            defaults={
                "mulai": mulai,
                "selesai": selesai,
                "batas_lapor": selesai + datetime.timedelta(days=REPORTING_GRACE_DAYS),
            },
        )
        result.append(periode)
    return result


@transaction.atomic
def periode_terbuka_set(*, periode: PeriodePelaporan, terbuka: bool, by: User) -> PeriodePelaporan:
    require(by, "rad_kla.kelola_rad", periode)
    dibuka = terbuka and not PeriodePelaporan.objects.filter(pk=periode.pk, terbuka=True).exists()
    periode.terbuka = terbuka
    periode.save(update_fields=["terbuka"])
    if dibuka:
        _periode_dibuka_notify(periode)
    return periode


def _opd_beraksi_ids(tahun: int) -> set[int]:
    """The OPDs with an active action that has a target in the year: who reports that year's periods."""
    return set(RencanaAksi.objects.filter(aktif=True, target__tahun=tahun).values_list("opd_id", flat=True).distinct())


def _periode_dibuka_notify(periode: PeriodePelaporan) -> None:
    notifikasi_create(
        penerima=operator_opd_list(opd=_opd_beraksi_ids(periode.tahun)),
        jenis=Notifikasi.Jenis.PERIODE_DIBUKA,
        judul=_("Periode pelaporan %(periode)s dibuka; batas pelaporan %(batas)s")
        % {"periode": periode.label, "batas": formats.date_format(periode.batas_lapor, "DATE_FORMAT")},
        tautan=reverse("rad_kla:saya"),
        kunci=f"periode:{periode.pk}",
    )


# Operators who have not reported are reminded this many days before a period's deadline.
BATAS_LAPOR_PENGINGAT_HARI = (7, 1)


def periode_batas_notify(*, tanggal: datetime.date | None = None) -> int:
    """Remind the operators of each OPD that has not reported an open period, 7 days and 1 day before its
    deadline (once each; a missed day is caught up by the next run). Returns how many notifications."""
    tanggal = tanggal or timezone.localdate()
    jauh = tanggal + datetime.timedelta(days=max(BATAS_LAPOR_PENGINGAT_HARI))
    made = 0
    for periode in PeriodePelaporan.objects.filter(terbuka=True, batas_lapor__gte=tanggal, batas_lapor__lte=jauh):
        sisa = (periode.batas_lapor - tanggal).days
        hari = min(n for n in BATAS_LAPOR_PENGINGAT_HARI if n >= max(sisa, 1))
        batas = formats.date_format(periode.batas_lapor, "DATE_FORMAT")
        belum = _opd_belum_lapor(periode)
        operators = defaultdict(list)
        for user in operator_opd_list(opd=list(belum)):
            operators[user.opd_id].append(user)
        pesan = [
            Pesan(
                penerima=operators[opd_id],
                judul=ngettext(
                    "Batas pelaporan %(periode)s %(batas)s: %(n)s realisasi OPD Anda belum diajukan",
                    "Batas pelaporan %(periode)s %(batas)s: %(n)s realisasi OPD Anda belum diajukan",
                    jumlah,
                )
                % {"periode": periode.label, "batas": batas, "n": jumlah},
                tautan=reverse("rad_kla:saya"),
                # Once per operator and threshold (7 or 1 day before).
                kunci=f"periode:{periode.pk}:h{hari}",
            )
            for opd_id, jumlah in sorted(belum.items())
        ]
        made += len(notifikasi_bulk_create(jenis=Notifikasi.Jenis.BATAS_LAPOR, pesan=pesan, sekali=True))
    return made


def _opd_belum_lapor(periode: PeriodePelaporan) -> dict[int, int]:
    """Per OPD, how many of its active actions of the year have no submitted or verified realisation."""
    dilaporkan = Realisasi.objects.filter(
        periode=periode, status__in=[Realisasi.Status.DIAJUKAN, Realisasi.Status.DIVERIFIKASI]
    ).values("rencana_aksi_id")
    rows = (
        RencanaAksi.objects.filter(aktif=True, target__tahun=periode.tahun)
        .exclude(pk__in=dilaporkan)
        .values_list("opd_id", flat=True)
    )
    counts: dict[int, int] = defaultdict(int)
    for opd_id in rows:
        counts[opd_id] += 1
    return dict(counts)


@transaction.atomic
def periode_update(
    *, periode: PeriodePelaporan, by: User, mulai: datetime.date, selesai: datetime.date, batas_lapor: datetime.date
) -> PeriodePelaporan:
    """Move a period's dates or its reporting deadline; the period's history keeps the old ones."""
    require(by, "rad_kla.kelola_rad", periode)
    errors = {}
    if selesai < mulai:
        errors["selesai"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
    if batas_lapor < selesai:
        errors["batas_lapor"] = _("Batas pelaporan tidak boleh sebelum periode berakhir.")
    if mulai.year != periode.tahun or selesai.year != periode.tahun:
        errors["mulai"] = _("Periode ini milik tahun %(tahun)s; tanggalnya harus di tahun itu.") % {
            "tahun": periode.tahun
        }
    if errors:
        raise ValidationError(errors)
    periode = PeriodePelaporan.objects.select_for_update().get(pk=periode.pk)
    periode.mulai, periode.selesai, periode.batas_lapor = mulai, selesai, batas_lapor
    periode.full_clean()
    periode.save(update_fields=["mulai", "selesai", "batas_lapor"])
    return periode


@transaction.atomic
def target_tahunan_set(
    *, rencana: RencanaAksi, tahun: int, target: Decimal, pagu: int, by: User | None = None, alasan: str = ""
) -> TargetTahunan:
    """Set a year's target and budget; once realisations exist for the year a reason is required."""
    profil = profil_daerah_get()
    if profil and tahun not in profil.tahun_rad:
        raise ValidationError(
            {
                "tahun": _("Tahun %(tahun)s di luar periode RAD %(mulai)s–%(selesai)s.")
                % {"tahun": tahun, "mulai": profil.tahun_rad_mulai, "selesai": profil.tahun_rad_selesai}
            }
        )
    _uang_validate("pagu", pagu)
    item = TargetTahunan.objects.filter(rencana_aksi=rencana, tahun=tahun).first()
    if item and (item.target, item.pagu) == (Decimal(target), int(pagu)):
        return item
    if item and Realisasi.objects.filter(rencana_aksi=rencana, periode__tahun=tahun).exists() and not alasan.strip():
        raise ValidationError(
            {
                "alasan": _("Target tahun %(tahun)s sudah memiliki realisasi; tuliskan alasan perubahannya.")
                % {"tahun": tahun}
            }
        )
    item = item or TargetTahunan(rencana_aksi=rencana, tahun=tahun)
    item.target = Decimal(target)
    item.pagu = int(pagu)
    item.full_clean()
    if by is not None:
        item._history_user = by  # who changed it, also outside a request (an import run on the server)
    item.save()
    if alasan.strip():
        update_change_reason(item, alasan.strip())
    return item


@transaction.atomic
def target_tahunan_delete(*, target: TargetTahunan, by: User | None) -> None:
    """Delete a year's target and budget, recorded in its history; refused once the year has realisations."""
    if Realisasi.objects.filter(rencana_aksi_id=target.rencana_aksi_id, periode__tahun=target.tahun).exists():
        raise ValidationError(
            _("Target tahun %(tahun)s tidak dapat dihapus karena rencana aksi ini sudah memiliki realisasi tahun itu.")
            % {"tahun": target.tahun},
            code="ada_realisasi",
        )
    if by is not None:
        target._history_user = by  # who deleted it, also outside a request
    target.delete()


def _uang_validate(field: str, nilai) -> None:
    """Money above UANG_MAKS is a typing error, refused with a message rather than left to the database."""
    if nilai is not None and nilai > UANG_MAKS:
        raise ValidationError(
            {field: _("Nilai uang paling besar Rp %(maks)s.") % {"maks": f"{UANG_MAKS:,}".replace(",", ".")}},
            code="uang_terlalu_besar",
        )


def _periode_validate_open(periode: PeriodePelaporan) -> None:
    if not periode.terbuka:
        raise ValidationError(
            _("Periode %(periode)s sudah ditutup; realisasi tidak dapat diubah.") % {"periode": periode.label},
            code="periode_tertutup",
        )


def _anggaran_validate(realisasi: Realisasi) -> None:
    """Spending is per period, so the year's total (other periods plus this one) is held to the pagu."""
    tahun = realisasi.periode.tahun
    pagu = (
        TargetTahunan.objects.filter(rencana_aksi=realisasi.rencana_aksi, tahun=tahun)
        .values_list("pagu", flat=True)
        .first()
    )
    lain = (
        Realisasi.objects.filter(rencana_aksi=realisasi.rencana_aksi, periode__tahun=tahun)
        .exclude(pk=realisasi.pk)
        .aggregate(total=Sum("realisasi_anggaran"))["total"]
        or 0
    )
    total = lain + realisasi.realisasi_anggaran
    if pagu is not None and total > pagu and not realisasi.anggaran_lebih_dikonfirmasi:
        raise ValidationError(
            {
                "anggaran_lebih_dikonfirmasi": _(
                    "Realisasi anggaran tahun ini menjadi Rp %(realisasi)s, melebihi pagu Rp %(pagu)s. "
                    "Periksa kembali, lalu centang konfirmasi bila angka ini benar."
                )
                % {
                    "realisasi": f"{realisasi.realisasi_anggaran:,}".replace(",", "."),
                    "pagu": f"{pagu:,}".replace(",", "."),
                }
            },
            code="anggaran_lebih",
        )


@transaction.atomic
def realisasi_update(
    *,
    rencana: RencanaAksi,
    periode: PeriodePelaporan,
    by: User,
    nilai_capaian: Decimal | None,
    realisasi_anggaran: int,
    narasi: str = "",
    kendala: str = "",
    anggaran_lebih_dikonfirmasi: bool = False,
    berkas: list | tuple = (),
    ajukan: bool = False,
) -> Realisasi:
    """Create or update the draft realisation of an action for a period, attach new evidence
    files, and submit it for verification when `ajukan` is set; all or nothing."""
    require(by, "rad_kla.isi_realisasi", rencana)
    _periode_validate_open(periode)
    _uang_validate("realisasi_anggaran", realisasi_anggaran)
    realisasi = Realisasi.objects.select_for_update().filter(
        rencana_aksi=rencana, periode=periode
    ).first() or Realisasi(rencana_aksi=rencana, periode=periode, dibuat_oleh=by)
    if realisasi.pk and not realisasi.dapat_diubah:
        raise ValidationError(
            _("Realisasi berstatus %(status)s tidak dapat diubah.") % {"status": realisasi.get_status_display()},
            code="terkunci",
        )
    realisasi.nilai_capaian = nilai_capaian
    realisasi.realisasi_anggaran = realisasi_anggaran
    realisasi.narasi = narasi
    realisasi.kendala = kendala
    realisasi.anggaran_lebih_dikonfirmasi = anggaran_lebih_dikonfirmasi
    realisasi.full_clean()
    _anggaran_validate(realisasi)
    realisasi.save()
    for upload in berkas:
        bukti_create(realisasi=realisasi, berkas=upload, by=by)
    if ajukan:
        realisasi = realisasi_submit(realisasi=realisasi, by=by)
    return realisasi


@transaction.atomic
def realisasi_submit(*, realisasi: Realisasi, by: User) -> Realisasi:
    """Submit a draft or returned realisation for verification."""
    realisasi = Realisasi.objects.select_for_update().select_related("periode", "rencana_aksi").get(pk=realisasi.pk)
    require(by, "rad_kla.isi_realisasi", realisasi)
    _periode_validate_open(realisasi.periode)
    if not realisasi.dapat_diubah:
        raise ValidationError(
            _("Realisasi berstatus %(status)s tidak dapat diajukan lagi.") % {"status": realisasi.get_status_display()}
        )
    errors = {}
    if realisasi.nilai_capaian is None:
        errors["nilai_capaian"] = _("Isi nilai capaian sebelum mengajukan.")
    if not realisasi.narasi.strip():
        errors["narasi"] = _("Tuliskan narasi kegiatan sebelum mengajukan.")
    if errors:
        raise ValidationError(errors)
    _anggaran_validate(realisasi)
    realisasi.status = Realisasi.Status.DIAJUKAN
    realisasi.diajukan_oleh = by
    realisasi.diajukan_pada = timezone.now()
    realisasi.save(update_fields=["status", "diajukan_oleh", "diajukan_pada"])
    _realisasi_notify(realisasi, by=by)
    return realisasi


def _realisasi_notify(realisasi: Realisasi, *, by: User) -> None:
    """A submission tells the cluster's coordinators; a verdict tells the action's OPD operators."""
    rencana = RencanaAksi.objects.select_related("indikator").get(pk=realisasi.rencana_aksi_id)
    periode = realisasi.periode
    nama = {"kode": rencana.kode, "periode": periode.label}
    if realisasi.status == Realisasi.Status.DIAJUKAN:
        jenis, penerima = (
            Notifikasi.Jenis.REALISASI_DIAJUKAN,
            koordinator_klaster_list(klaster_id=rencana.indikator.klaster_id),
        )
        judul = _("Realisasi %(kode)s · %(periode)s menunggu verifikasi") % nama
    elif realisasi.status == Realisasi.Status.DIKEMBALIKAN:
        jenis, penerima = Notifikasi.Jenis.REALISASI_DIKEMBALIKAN, operator_opd_list(opd=rencana.opd_id)
        judul = _("Realisasi %(kode)s · %(periode)s dikembalikan untuk diperbaiki") % nama
    else:
        jenis, penerima = Notifikasi.Jenis.REALISASI_DIVERIFIKASI, operator_opd_list(opd=rencana.opd_id)
        judul = _("Realisasi %(kode)s · %(periode)s diverifikasi") % nama
    notifikasi_create(
        penerima=penerima,
        jenis=jenis,
        judul=judul,
        tautan=reverse("rad_kla:realisasi_detail", args=[realisasi.pk]),
        kunci=f"realisasi:{realisasi.pk}",
        kecuali=by,
    )


def _periksa(realisasi: Realisasi, by: User, status: str, catatan: str, *, catatan_wajib: bool = False) -> Realisasi:
    realisasi = (
        Realisasi.objects.select_for_update().select_related("rencana_aksi__indikator", "periode").get(pk=realisasi.pk)
    )
    require(by, "rad_kla.verifikasi_realisasi", realisasi)
    if catatan_wajib and not catatan:
        raise ValidationError({"catatan": _("Tuliskan catatan agar OPD tahu apa yang harus diperbaiki.")})
    if realisasi.status != Realisasi.Status.DIAJUKAN:
        raise ValidationError(
            _("Hanya realisasi yang diajukan yang dapat diperiksa; status saat ini %(status)s.")
            % {"status": realisasi.get_status_display()}
        )
    realisasi.status = status
    realisasi.catatan_verifikator = catatan
    realisasi.diperiksa_oleh = by
    realisasi.diperiksa_pada = timezone.now()
    realisasi.save(update_fields=["status", "catatan_verifikator", "diperiksa_oleh", "diperiksa_pada"])
    _realisasi_notify(realisasi, by=by)
    return realisasi


@transaction.atomic
def realisasi_verify(*, realisasi: Realisasi, by: User, catatan: str = "") -> Realisasi:
    """Accept a submitted realisation; it is locked from then on."""
    return _periksa(realisasi, by, Realisasi.Status.DIVERIFIKASI, catatan.strip())


@transaction.atomic
def realisasi_return(*, realisasi: Realisasi, by: User, catatan: str) -> Realisasi:
    """Return a submitted realisation to its OPD with a comment saying what to fix."""
    return _periksa(realisasi, by, Realisasi.Status.DIKEMBALIKAN, catatan.strip(), catatan_wajib=True)


@transaction.atomic
def bukti_create(*, realisasi: Realisasi, berkas, by: User) -> BuktiDukung:
    """Attach an evidence file after checking its size and content."""
    require(by, "rad_kla.isi_realisasi", realisasi)
    _periode_validate_open(realisasi.periode)
    if not realisasi.dapat_diubah:
        raise ValidationError(_("Bukti dukung tidak dapat ditambahkan pada realisasi yang terkunci."))
    return attachment_add(model=BuktiDukung, owner=realisasi, file=berkas, by=by)


@transaction.atomic
def bukti_delete(*, bukti: BuktiDukung, by: User) -> None:
    require(by, "rad_kla.isi_realisasi", bukti)
    if not bukti.realisasi.dapat_diubah:
        raise ValidationError(_("Bukti dukung pada realisasi yang terkunci tidak dapat dihapus."))
    attachment_delete(attachment=bukti)


# Bulk import of actions ----------------------------------------------------------------------


UPDATE_CHUNK = 1000


@dataclass
class RencanaAksiImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class _Stored:
    """What the database holds for the kodes of a sheet: actions, their related OPDs and targets."""

    rencana: dict
    terkait: dict
    targets: dict


def _stored(kodes: list[str], *, lock: bool) -> _Stored:
    """Three queries whatever the number of rows; `lock` holds the actions until the import commits."""
    qs = RencanaAksi.objects.filter(kode__in=kodes)
    if lock:
        qs = qs.select_for_update()
    rencana = {r.kode: r for r in qs}
    ids = [r.pk for r in rencana.values()]
    through = RencanaAksi.opd_terkait.through
    terkait = defaultdict(set)
    for rencana_id, opd_id in through.objects.filter(rencanaaksi_id__in=ids).values_list("rencanaaksi_id", "opd_id"):
        terkait[rencana_id].add(opd_id)
    targets = defaultdict(dict)
    for target in TargetTahunan.objects.filter(rencana_aksi_id__in=ids):
        targets[target.rencana_aksi_id][target.tahun] = target
    return _Stored(rencana=rencana, terkait=terkait, targets=targets)


def _own_values(row: RencanaAksiRow) -> dict:
    values = {
        "indikator_id": row.indikator.pk,
        "opd_id": row.opd.pk,
        "uraian": row.uraian,
        "indikator_keluaran": row.indikator_keluaran,
        "satuan": row.satuan,
    }
    if row.arah is not None:
        values["arah"] = row.arah
    for key, value in row.fields.items():
        if key == "lokasi":
            values["lokasi_id"] = value.pk if value else None
        else:
            values[key] = value
    return values


def _target_changes(row: RencanaAksiRow, stored: dict) -> tuple[list[tuple[int, Decimal, int]], list[TargetTahunan]]:
    """New (year, target, pagu) and changed targets; an absent Pagu column keeps the stored pagu."""
    new, changed = [], []
    for tahun, (target, pagu) in row.targets.items():
        item = stored.get(tahun)
        if item is None:
            new.append((tahun, target, pagu or 0))
        elif item.target != target or (pagu is not None and item.pagu != pagu):
            item.target = target
            item.pagu = item.pagu if pagu is None else pagu
            changed.append(item)
    return new, changed


@dataclass
class _Plan:
    create: list = field(default_factory=list)
    update_rencana: list = field(default_factory=list)
    rencana_fields: set = field(default_factory=set)
    update_terkait: dict = field(default_factory=dict)
    new_targets: list = field(default_factory=list)
    changed_targets: list = field(default_factory=list)
    counts: RencanaAksiImportCounts = field(default_factory=lambda: RencanaAksiImportCounts())


def _plan(parsed: list[RencanaAksiRow], stored: _Stored) -> _Plan:
    """Sort rows into new, changed and unchanged, and list exactly what must be written."""
    plan = _Plan()
    for row in parsed:
        rencana = stored.rencana.get(row.kode)
        if rencana is None:
            plan.create.append(row)
            continue
        own_changed = {name: value for name, value in _own_values(row).items() if getattr(rencana, name) != value}
        if own_changed:
            for name, value in own_changed.items():
                setattr(rencana, name, value)
            plan.update_rencana.append(rencana)
            plan.rencana_fields |= set(own_changed)
        terkait_changed = row.opd_terkait is not None and row.opd_terkait != stored.terkait[rencana.pk]
        if terkait_changed:
            plan.update_terkait[rencana.pk] = row.opd_terkait
        new, changed = _target_changes(row, stored.targets[rencana.pk])
        plan.new_targets += [(rencana, tahun, target, pagu) for tahun, target, pagu in new]
        plan.changed_targets += changed
        if own_changed or terkait_changed or new or changed:
            plan.counts.updated += 1
        else:
            plan.counts.unchanged += 1
    plan.counts.created = len(plan.create)
    return plan


def _rencana_baru(row: RencanaAksiRow) -> RencanaAksi:
    return RencanaAksi(
        kode=row.kode,
        indikator=row.indikator,
        opd=row.opd,
        uraian=row.uraian,
        indikator_keluaran=row.indikator_keluaran,
        satuan=row.satuan,
        arah=row.arah or row.indikator.arah,
        **row.fields,
    )


def _plan_save(plan: _Plan, *, by: User | None, alasan: str) -> None:
    """Write a plan in a few bulk statements, each change with its history record and the import reason.

    The rows were checked like full_clean() does, with the foreign keys resolved from lookups read
    once. Every changed target gets the reason, which satisfies the rule that a target with
    realisations changes only with a reason (target_tahunan_set).
    """
    history = {"default_user": by, "default_change_reason": alasan}
    created = bulk_create_with_history(
        [_rencana_baru(row) for row in plan.create], RencanaAksi, batch_size=1000, **history
    )
    _update_rows(plan.update_rencana, sorted(plan.rencana_fields))
    bulk_update_with_history(plan.update_rencana, RencanaAksi, fields=[], batch_size=2000, **history)

    through = RencanaAksi.opd_terkait.through
    links = {rencana.pk: row.opd_terkait or set() for rencana, row in zip(created, plan.create, strict=True)}
    through.objects.filter(rencanaaksi_id__in=list(plan.update_terkait)).delete()
    links.update(plan.update_terkait)
    through.objects.bulk_create(
        [through(rencanaaksi_id=pk, opd_id=opd_id) for pk, opd_ids in links.items() for opd_id in sorted(opd_ids)],
        batch_size=2000,
    )

    new_targets = [
        TargetTahunan(rencana_aksi=rencana, tahun=tahun, target=target, pagu=pagu or 0)
        for rencana, row in zip(created, plan.create, strict=True)
        for tahun, (target, pagu) in row.targets.items()
    ]
    new_targets += [
        TargetTahunan(rencana_aksi=rencana, tahun=tahun, target=target, pagu=pagu)
        for rencana, tahun, target, pagu in plan.new_targets
    ]
    bulk_create_with_history(new_targets, TargetTahunan, batch_size=2000, **history)
    _update_rows(plan.changed_targets, ["target", "pagu"])
    bulk_update_with_history(plan.changed_targets, TargetTahunan, fields=[], batch_size=2000, **history)
    # Bulk statements send no signals: the progress of every action whose direction or targets changed.
    touched = {t.rencana_aksi_id for t in new_targets} | {t.rencana_aksi_id for t in plan.changed_targets}
    progres_refresh(touched | {rencana.pk for rencana in plan.update_rencana})
    # An action moved to another indicator or OPD leaves the roll-ups it was counted in.
    asal = [(getattr(r, "_rekap_asal", (None, None)), r) for r in plan.update_rencana]
    rekap_refresh(
        indikator_ids={lama[0] for lama, r in asal if lama[0] != r.indikator_id},
        opd_ids={lama[1] for lama, r in asal if lama[1] != r.opd_id},
    )


def _update_rows(objs: list, fields: list[str]) -> None:
    """UPDATE … FROM (VALUES …) in chunks: linear in the rows, where bulk_update's CASE per field is not.

    Only model metadata is formatted into the statement; every value is a parameter.
    """
    if not objs:
        return
    meta = type(objs[0])._meta
    model_fields = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    assignments = ", ".join(
        f"{quote(f.column)} = CAST(v.column{n} AS {f.db_type(connection)})" for n, f in enumerate(model_fields, start=2)
    )
    row_placeholder = "(" + ", ".join(["%s"] * (len(model_fields) + 1)) + ")"
    for start in range(0, len(objs), UPDATE_CHUNK):
        chunk = objs[start : start + UPDATE_CHUNK]
        params = []
        for obj in chunk:
            params.append(obj.pk)
            params += [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in model_fields]
        values = ", ".join([row_placeholder] * len(chunk))
        sql = (
            f"UPDATE {table} SET {assignments} FROM (VALUES {values}) AS v "  # noqa: S608
            f"WHERE {table}.{quote(meta.pk.column)} = v.column1"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def rencana_aksi_import(
    *, rows: list[RencanaAksiRow], by: User | None, alasan: str, dry_run: bool = False
) -> RencanaAksiImportCounts:
    """Create or update many actions by kode, with their related OPDs and targets, all in one transaction.

    A known kode updates that action, a new kode creates one; only what differs is written, in a
    few bulk statements, each record with a history entry giving `by` and `alasan`. The rows come
    checked like full_clean() would (rad_kla.excel.rencana_parse). `dry_run` counts what would change and
    writes nothing. IntegrityError: the RAD changed meanwhile (e.g. the same kode created by someone else).
    """
    kodes = [row.kode for row in rows]
    if dry_run:
        return _plan(rows, _stored(kodes, lock=False)).counts
    with transaction.atomic():
        plan = _plan(rows, _stored(kodes, lock=True))
        _plan_save(plan, by=by, alasan=alasan)
    return plan.counts


def _import_reason(filename: str) -> str:
    # The history reason column holds 100 characters.
    tanggal = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    return f"Impor Excel {Path(filename).name[:60]} {tanggal}"


def rencana_import(
    upload,
    *,
    filename: str,
    by: User | None = None,
    dry_run: bool = False,
    progres: Callable[[int, int], None] | None = None,
    pemetaan: Pemetaan | None = None,
) -> ImportResult:
    """Check every row of a RAD sheet and, when all are valid and not a dry run, save them in one transaction.

    The sheet is the app's import template or a matrix as a region publishes it (matriks_terbit_detect); a
    `pemetaan` (a saved column mapping) always reads it as published. For a published matrix `result.terbit`
    holds what was read (actions, pagu per year, skipped rows by role) and the errors grouped by kind.

    Rows are matched by kode: a known kode updates that action, a new kode creates one; every
    record written gets a history entry whose reason names the file and the date. `progres` is
    told (rows checked, rows in the sheet) as the check goes on; the save follows the last call.
    The counts of what would change are given even when some rows are refused.
    """
    if pemetaan is not None or matriks_terbit_detect(upload):
        result, rows, ringkasan = matriks_terbit_parse(upload, pemetaan=pemetaan, progres=progres)
        result.terbit = ringkasan.as_dict()
    else:
        result, rows = rencana_parse(upload, progres=progres)
    result.dry_run = dry_run
    if not rows:
        return result
    check_only = not result.ok or dry_run
    try:
        counts = rencana_aksi_import(rows=rows, by=by, alasan=_import_reason(filename), dry_run=check_only)
    except IntegrityError:
        result.errors.append(
            RowError(0, _("Data RAD berubah selama impor (mis. kode yang sama dibuat pengguna lain). Ulangi impor."))
        )
        return result
    result.created, result.updated, result.unchanged = counts.created, counts.updated, counts.unchanged
    result.saved = not check_only
    return result


def impor_tertunda_delete(*, lebih_lama_dari: datetime.timedelta) -> int:
    """Delete import sheets left waiting for confirmation longer than `lebih_lama_dari`; returns how many.

    A preview that is never confirmed or cancelled (closed tab, expired session) leaves its
    sheet behind; nothing else ever removes it.
    """
    storage = private_storage()
    if not storage.exists(IMPOR_TERTUNDA_FOLDER):
        return 0
    batas = timezone.now() - lebih_lama_dari
    _folders, names = storage.listdir(IMPOR_TERTUNDA_FOLDER)
    dihapus = 0
    for name in names:
        path = f"{IMPOR_TERTUNDA_FOLDER}/{name}"
        if storage.get_modified_time(path) < batas:
            storage.delete(path)
            dihapus += 1
    return dihapus


# Published matrices: saved column mappings and the region's other names ------------------------------------


@transaction.atomic
def pemetaan_impor_set(*, nama: str, pemetaan: Pemetaan, by: User | None) -> PemetaanImpor:
    """Save (create or replace) a corrected column mapping under a name, for the next file of the same shape."""
    if by is not None:
        require(by, "rad_kla.kelola_rad")
    item = PemetaanImpor.objects.select_for_update().filter(nama=nama.strip()).first() or PemetaanImpor(
        nama=nama.strip()
    )
    item.pemetaan = pemetaan.as_dict()
    item.diubah_oleh = by
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def nama_lain_sumber_dana_create(*, nama: str, sumber_dana: str, by: User | None) -> NamaLainSumberDana:
    """Record how local documents name a funding source ("BOK" counts as DAK), for the next import."""
    if by is not None:
        require(by, "rad_kla.kelola_rad")
    item = NamaLainSumberDana(nama=" ".join(nama.split()), sumber_dana=sumber_dana)
    if NamaLainSumberDana.objects.filter(nama__iexact=item.nama).exists():
        raise ValidationError({"nama": _("Nama lain %(nama)s sudah tercatat.") % {"nama": item.nama}})
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def nama_lain_lokasi_create(*, nama: str, wilayah: Wilayah | None, by: User | None) -> NamaLainLokasi:
    """Record a place as a matrix names it: a wilayah, or the whole region when `wilayah` is None."""
    if by is not None:
        require(by, "rad_kla.kelola_rad")
    item = NamaLainLokasi(nama=" ".join(nama.split()), wilayah=wilayah)
    if NamaLainLokasi.objects.filter(nama__iexact=item.nama).exists():
        raise ValidationError({"nama": _("Nama lain %(nama)s sudah tercatat.") % {"nama": item.nama}})
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def nama_lain_sumber_dana_delete(*, item: NamaLainSumberDana, by: User) -> None:
    """Forget another name of a funding source: the next import no longer reads it."""
    require(by, "rad_kla.kelola_rad")
    item.delete()


@transaction.atomic
def nama_lain_lokasi_delete(*, item: NamaLainLokasi, by: User) -> None:
    """Forget another name of a place: the next import no longer reads it."""
    require(by, "rad_kla.kelola_rad")
    item.delete()


@transaction.atomic
def rencana_aksi_tindak_lanjut_create(*, rencana: RencanaAksi, tindak_lanjut: TindakLanjut, by: User) -> None:
    """Link a meeting follow-up to the action that carries it out; the follow-up must belong to one of its OPDs."""
    require(by, "rad_kla.tautkan_tindak_lanjut", rencana)
    if tindak_lanjut.opd_id != rencana.opd_id and not rencana.opd_terkait.filter(pk=tindak_lanjut.opd_id).exists():
        raise ValidationError(
            _("Tindak lanjut ini milik %(opd)s, bukan OPD penanggung jawab atau OPD terkait rencana aksi ini.")
            % {"opd": tindak_lanjut.opd.singkatan}
        )
    rencana.tindak_lanjut.add(tindak_lanjut)


@transaction.atomic
def rencana_aksi_tindak_lanjut_delete(*, rencana: RencanaAksi, tindak_lanjut: TindakLanjut, by: User) -> None:
    require(by, "rad_kla.tautkan_tindak_lanjut", rencana)
    rencana.tindak_lanjut.remove(tindak_lanjut)


# The import and the large export as background jobs.

# Share of the bar for reading the file before the rows are checked, and where the save starts.
PROGRES_BACA = 5
PROGRES_SIMPAN = 80


@transaction.atomic
def impor_rad_request(*, berkas, by: User, pemetaan: PemetaanImpor | None = None) -> ImporRad:
    """Keep an uploaded sheet privately and queue its check; the page follows the job's progress.

    `pemetaan`, a saved column mapping, has the sheet read as a published matrix with it.
    """
    if not by.has_perm("rad_kla.kelola_rad"):
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))
    name = private_storage().save(f"{IMPOR_TERTUNDA_FOLDER}/{secrets.token_hex(16)}.xlsx", berkas)
    impor = ImporRad(
        berkas=name,
        nama_berkas=berkas.name[:120],
        diunggah_oleh=by,
        keterangan=_("Menunggu giliran…"),
        pemetaan=pemetaan.pemetaan if pemetaan else {},
    )
    impor.full_clean()
    impor.save()
    transaction.on_commit(lambda: _impor_rad_enqueue(impor.pk))
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
    transaction.on_commit(lambda: _impor_rad_enqueue(impor.pk))
    return impor


@transaction.atomic
def impor_rad_pemetaan_set(*, impor: ImporRad, pemetaan: Pemetaan | None, by: User, nama: str = "") -> ImporRad:
    """Check a published matrix again, with a corrected column mapping (None keeps the one in use).

    For after a preview: the user fixed a column's role, or added an alias for an unknown name. `nama` also
    saves the mapping under that name (pemetaan_impor_set) for the next file of the same shape.
    """
    impor = ImporRad.objects.select_for_update().get(pk=impor.pk)
    if impor.diunggah_oleh_id != by.pk or not by.has_perm("rad_kla.kelola_rad"):
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))
    if impor.tahap != ImporRad.Tahap.PRATINJAU or impor.status != ImporRad.Status.SELESAI or not impor.berkas:
        raise ValidationError(_("Impor ini tidak dapat diperiksa ulang. Unggah berkasnya lagi bila perlu."))
    if pemetaan is not None:
        impor.pemetaan = pemetaan.as_dict()
        if nama.strip():
            pemetaan_impor_set(nama=nama, pemetaan=pemetaan, by=by)
    impor.status = ImporRad.Status.ANTRI
    impor.progres = 0
    impor.keterangan = _("Menunggu giliran…")
    impor.save(update_fields=["pemetaan", "status", "progres", "keterangan"])
    transaction.on_commit(lambda: _impor_rad_enqueue(impor.pk))
    return impor


def _impor_rad_enqueue(impor_id: int) -> None:
    try:
        impor_rad_import_task.apply_async((impor_id,), ignore_result=True)
    except BrokerError as error:
        logger.warning("Impor RAD %s tidak masuk antrean: %s", impor_id, error)
        _impor_rad_finish(
            impor_id,
            status=ImporRad.Status.GAGAL,
            keterangan=_("Antrean sedang tidak tersedia; unggah berkasnya lagi beberapa saat lagi."),
            keep_file=False,
        )


def _impor_rad_progress_set(impor_id: int, progres: int, keterangan: str) -> None:
    ImporRad.objects.filter(pk=impor_id).update(progres=progres, keterangan=keterangan)


def _impor_rad_finish(
    impor_id: int, *, status: str, keterangan: str, keep_file: bool, hasil: dict | None = None
) -> None:
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
            _impor_rad_progress_set(impor_id, PROGRES_SIMPAN, _("Menyimpan %(jumlah)s baris…") % {"jumlah": total})
            return
        persen = PROGRES_BACA + (end - PROGRES_BACA) * done // max(total, 1)
        _impor_rad_progress_set(
            impor_id, persen, _("Memeriksa baris %(baris)s dari %(jumlah)s…") % {"baris": done, "jumlah": total}
        )

    try:
        with private_storage().open(impor.berkas, "rb") as upload:
            result = rencana_import(
                upload,
                filename=impor.nama_berkas,
                by=impor.diunggah_oleh,
                dry_run=dry_run,
                progres=progres,
                pemetaan=Pemetaan.from_dict(impor.pemetaan) if impor.pemetaan else None,
            )
    except FileNotFoundError:
        result = ImportResult(dry_run=dry_run)
        result.errors.append(RowError(0, _("Berkas impor sudah tidak tersedia; unggah berkasnya lagi.")))
    except Exception:
        logger.exception("Impor RAD %s gagal", impor_id)
        _impor_rad_finish(
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
    _impor_rad_finish(
        impor_id,
        status=ImporRad.Status.SELESAI,
        keterangan=keterangan,
        # A published matrix stays for a check again after a corrected mapping or a new alias.
        keep_file=dry_run and (result.ok or bool(result.terbit.get("pemetaan"))),
        hasil=result.as_dict(),
    )
    return ImporRad.Status.SELESAI


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
    transaction.on_commit(lambda: _ekspor_rad_enqueue(ekspor.pk))
    return ekspor


def _ekspor_rad_enqueue(ekspor_id: int) -> None:
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
    penyaring = RencanaFilter(data=ekspor.filter, user=ekspor.diminta_oleh, tahun=ekspor.tahun)
    if not penyaring.form.is_valid():
        # A choice valid at the request may be gone since (an OPD closed, a cluster removed): the list would
        # then ignore it, and the file would hold more than the reader asked for.
        basi = ", ".join(str(penyaring.form.fields[name].label) for name in penyaring.form.errors)
        ekspor.status = EksporRad.Status.GAGAL
        ekspor.keterangan = _(
            "Filter ekspor tidak berlaku lagi: pilihan %(filter)s tidak ada lagi. Minta ekspor baru dari daftar RAD."
        ) % {"filter": basi}
        ekspor.keterangan = ekspor.keterangan[: EksporRad._meta.get_field("keterangan").max_length]
        ekspor.save(update_fields=["status", "keterangan"])
        return ekspor.status
    try:
        content = rencana_export(rencana_list(user=ekspor.diminta_oleh, tahun=ekspor.tahun, filterset=penyaring))
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
