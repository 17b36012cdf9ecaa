"""The report kinds: parameter checks, the data each PDF shows (through lower apps' selectors), rendering."""

from collections.abc import Collection

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.pdf import html_to_pdf
from gugus_tugas.models import OPD, Rapat, User
from gugus_tugas.selectors import opd_get, profil_daerah_get, rapat_get, rapat_list, tindak_lanjut_list
from kasus.selectors import statistik_kasus_get
from klaster.models import Klaster
from klaster.selectors import klaster_get
from rad_kla.models import PeriodePelaporan
from rad_kla.selectors import (
    StatusProgres,
    kelengkapan_laporan_list,
    laporan_periode_tandai,
    periode_get,
    rekap_klaster,
    rekap_tahun,
    rencana_list,
)

from . import charts
from .models import LaporanJob
from .selectors import penilaian_ringkasan_get, penilaian_riwayat_list

TAHUN_MIN = 2000
TAHUN_MAKS = 2100


def _tahun(parameter: dict) -> int:
    try:
        tahun = int(parameter.get("tahun"))
    except (TypeError, ValueError) as exc:
        raise ValidationError({"tahun": _("Isi tahun laporan dengan angka, misalnya 2025.")}) from exc
    if not TAHUN_MIN <= tahun <= TAHUN_MAKS:
        raise ValidationError(
            {"tahun": _("Tahun laporan harus antara %(a)s dan %(b)s.") % {"a": TAHUN_MIN, "b": TAHUN_MAKS}}
        )
    return tahun


def _optional_id(parameter: dict, name: str) -> int | None:
    value = parameter.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError({name: _("Pilihan tidak valid.")}) from exc


def parameter_clean(*, jenis: str, parameter: dict, user: User | None) -> dict:
    """The request's parameters checked and normalised; raises ValidationError with Indonesian messages."""
    if jenis == LaporanJob.Jenis.NOTULEN:
        rapat_id = _optional_id(parameter, "rapat")
        if rapat_id is None:
            raise ValidationError({"rapat": _("Pilih rapat yang notulennya akan dicetak.")})
        if not rapat_list(user=user, published_only=user is None).filter(pk=rapat_id).exists():
            raise ValidationError({"rapat": _("Rapat tidak ditemukan.")})
        return {"rapat": rapat_id}
    clean = {"tahun": _tahun(parameter)}
    if jenis == LaporanJob.Jenis.RAD:
        klaster_id = _optional_id(parameter, "klaster")
        opd_id = _optional_id(parameter, "opd")
        if klaster_id and opd_id:
            raise ValidationError(_("Pilih satu klaster atau satu OPD, tidak keduanya."))
        if klaster_id and _get_or_none(klaster_get, Klaster.DoesNotExist, klaster_id) is None:
            raise ValidationError({"klaster": _("Klaster tidak ditemukan.")})
        if opd_id and _get_or_none(opd_get, OPD.DoesNotExist, opd_id) is None:
            raise ValidationError({"opd": _("OPD tidak ditemukan.")})
        periode_id = _optional_id(parameter, "periode")
        if periode_id:
            periode = _get_or_none(periode_get, PeriodePelaporan.DoesNotExist, periode_id)
            if periode is None:
                raise ValidationError({"periode": _("Periode pelaporan tidak ditemukan.")})
            if periode.tahun != clean["tahun"]:
                pesan = _("Periode %(periode)s bukan periode tahun %(tahun)s.")
                raise ValidationError({"periode": pesan % {"periode": periode.label, "tahun": clean["tahun"]}})
        clean.update({"klaster": klaster_id, "opd": opd_id, "periode": periode_id})
        if parameter.get("bulan"):
            clean["bulan"] = str(parameter["bulan"])[:7]
        clean = {k: v for k, v in clean.items() if v is not None}
    return clean


def _get_or_none(get, does_not_exist: type[Exception], pk: int):
    try:
        return get(pk=pk)
    except does_not_exist:
        return None


def _common(judul: str) -> dict:
    return {"profil": profil_daerah_get(), "judul": judul, "dibuat_pada": timezone.localtime()}


def evaluasi_context(*, tahun: int, tanpa_bab: Collection[str] = ()) -> dict:
    """Everything the annual evaluation report shows; tanpa_bab names the chapters left out ("kasus").

    A report may be handed to anyone, so it shows published meetings only and suppressed case figures only.
    """
    penilaian = penilaian_ringkasan_get(tahun=tahun, bukti=True)
    rad = rekap_klaster(tahun=tahun)
    # Oldest first: the chapter tells the year in order.
    rapat = list(rapat_list(published_only=True, tahun=tahun))[::-1]
    tindak_lanjut = list(tindak_lanjut_list(published_only=True, tahun=tahun))
    # The case chapter is not even computed for a reader refused the case statistics.
    statistik = None
    if "kasus" not in tanpa_bab:
        statistik = statistik_kasus_get(tahun=tahun, rinci=False)
    ambang = [(p.nama, float(p.skor_minimum)) for p in penilaian.predikat_list]
    target = penilaian.target
    return {
        **_common(_("Laporan Evaluasi Kabupaten/Kota Layak Anak")),
        "tahun": tahun,
        "penilaian": penilaian,
        "riwayat": penilaian_riwayat_list(),
        "rad": rad,
        "rapat": rapat,
        "tindak_lanjut": tindak_lanjut,
        "tindak_lanjut_terlambat": [t for t in tindak_lanjut if t.terlambat],
        "tindak_lanjut_selesai": sum(1 for t in tindak_lanjut if t.status == t.Status.SELESAI),
        "statistik": statistik,
        "bab_kasus": "kasus" not in tanpa_bab,
        "grafik_skala": charts.skala_predikat_svg(
            skor=float(min(penilaian.skor_total, 1000)),
            didukung=float(min(penilaian.skor_didukung, 1000)),
            ambang=ambang,
            target=float(target.skor_minimum) if target else None,
        ),
        "grafik_klaster": charts.skor_per_klaster_svg(
            labels=[k.klaster.nama for k in penilaian.klaster],
            skor=[float(k.skor) for k in penilaian.klaster],
            bobot=[float(k.bobot) for k in penilaian.klaster],
        ),
        "grafik_rad": charts.capaian_serapan_svg(
            labels=[r.klaster.nama for r in rad],
            capaian=[r.capaian_persen for r in rad],
            serapan=[r.serapan_persen for r in rad],
        ),
    }


def rad_context(
    *,
    tahun: int,
    klaster: int | None = None,
    opd: int | None = None,
    bulan: str | None = None,
    periode: int | None = None,
) -> dict:
    """The RAD progress report for the whole region, one cluster or one OPD; for the year or one period.

    With a period it also lists what each action reported for that period and each OPD's reporting
    completeness for it.
    """
    filters = {"klaster": klaster, "opd": opd}
    rencana = list(rencana_list(user=None, published_only=True, tahun=tahun, filters=filters))
    periode_obj = _get_or_none(periode_get, PeriodePelaporan.DoesNotExist, periode) if periode else None
    if periode_obj:
        # Submitted and verified reports only: a draft is not yet reported.
        laporan_periode_tandai(rencana=rencana, periode=periode_obj, published_only=True)
    per_klaster, per_opd = rekap_tahun(tahun=tahun)
    cakupan = _("Seluruh daerah")
    if klaster:
        cakupan = klaster_get(pk=klaster).nama
        per_klaster = [r for r in per_klaster if r.klaster.pk == klaster]
        opd_ids = {r.opd_id for r in rencana}
        per_opd = [r for r in per_opd if r["opd_id"] in opd_ids]
    if opd:
        cakupan = opd_get(pk=opd).nama
        per_opd = [r for r in per_opd if r["opd_id"] == opd]
        klaster_ids = {r.indikator.klaster_id for r in rencana}
        per_klaster = [r for r in per_klaster if r.klaster.pk in klaster_ids]
    kelengkapan = []
    if periode_obj:
        opd_ids = {r.opd_id for r in rencana}
        kelengkapan = [r for r in kelengkapan_laporan_list(periode=periode_obj) if r["opd_id"] in opd_ids]
    status_count = {key: 0 for key in StatusProgres.LABELS}
    for item in rencana:
        status_count[item.status_progres] = status_count.get(item.status_progres, 0) + 1
    return {
        **_common(_("Laporan Kemajuan Rencana Aksi Daerah KLA")),
        "tahun": tahun,
        "bulan": bulan,
        "periode": periode_obj,
        "kelengkapan": kelengkapan,
        "cakupan": cakupan,
        "rencana": rencana,
        "per_klaster": per_klaster,
        "per_opd": per_opd,
        "status_rekap": [(StatusProgres.LABELS[k], v) for k, v in status_count.items()],
        "status_labels": StatusProgres.LABELS,
        "total_pagu": sum(r.pagu_tahun or 0 for r in rencana),
        "total_anggaran": sum(r.anggaran_tahun or 0 for r in rencana),
        "grafik_rad": charts.capaian_serapan_svg(
            labels=[r.klaster.nama for r in per_klaster],
            capaian=[r.capaian_persen for r in per_klaster],
            serapan=[r.serapan_persen for r in per_klaster],
        )
        if per_klaster
        else "",
    }


def kasus_context(*, tahun: int) -> dict:
    return {
        **_common(_("Laporan Statistik Kasus Kekerasan terhadap Anak")),
        "tahun": tahun,
        "statistik": statistik_kasus_get(tahun=tahun, rinci=False),
    }


def laporan_evaluasi_pdf(*, tahun: int, tanpa_bab: Collection[str] = ()) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        context = evaluasi_context(tahun=tahun, tanpa_bab=tanpa_bab)
        return html_to_pdf(render_to_string("evaluasi/pdf/evaluasi.html", context))


def laporan_rad_pdf(
    *,
    tahun: int,
    klaster: int | None = None,
    opd: int | None = None,
    bulan: str | None = None,
    periode: int | None = None,
) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        context = rad_context(tahun=tahun, klaster=klaster, opd=opd, bulan=bulan, periode=periode)
        return html_to_pdf(render_to_string("evaluasi/pdf/rad.html", context))


def laporan_kasus_pdf(*, tahun: int) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return html_to_pdf(render_to_string("evaluasi/pdf/kasus.html", kasus_context(tahun=tahun)))


def laporan_notulen_pdf(*, rapat_id: int, user: User | None = None) -> tuple[bytes, str]:
    from gugus_tugas.pdf import notulen_filename, notulen_pdf

    try:
        rapat = rapat_get(user=user, published_only=user is None, pk=rapat_id)
    except Rapat.DoesNotExist:
        raise ValidationError(_("Rapat tidak ditemukan atau belum diterbitkan.")) from None
    with translation.override(settings.LANGUAGE_CODE):
        return notulen_pdf(rapat=rapat), notulen_filename(rapat)
