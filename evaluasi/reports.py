"""The report kinds: parameter checks, the data each PDF shows (through lower apps' selectors), rendering."""

from collections.abc import Collection

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.pdf import html_to_pdf
from gugus_tugas.models import OPD, Peran, User
from gugus_tugas.selectors import profil_daerah_get, rapat_detail, rapat_list, tindak_lanjut_list
from kasus.selectors import statistik_kasus
from klaster.models import Klaster
from rad_kla.selectors import (
    StatusProgres,
    kelengkapan_laporan,
    periode_list,
    realisasi_visible,
    rekap_klaster,
    rekap_opd,
    rencana_list,
)

from . import charts
from .models import LaporanJob
from .selectors import penilaian_ringkasan, penilaian_riwayat

TAHUN_MIN = 2000
TAHUN_MAKS = 2100


def _pembaca_laporan() -> User:
    """Reports show what a Pimpinan reads: published meetings only, suppressed case figures only."""
    return User(peran=Peran.PIMPINAN)


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
        if rapat_detail(user=user or _pembaca_laporan(), pk=rapat_id) is None:
            raise ValidationError({"rapat": _("Rapat tidak ditemukan.")})
        return {"rapat": rapat_id}
    clean = {"tahun": _tahun(parameter)}
    if jenis == LaporanJob.Jenis.RAD:
        klaster_id = _optional_id(parameter, "klaster")
        opd_id = _optional_id(parameter, "opd")
        if klaster_id and opd_id:
            raise ValidationError(_("Pilih satu klaster atau satu OPD, tidak keduanya."))
        if klaster_id and not Klaster.objects.filter(pk=klaster_id).exists():
            raise ValidationError({"klaster": _("Klaster tidak ditemukan.")})
        if opd_id and not OPD.objects.filter(pk=opd_id).exists():
            raise ValidationError({"opd": _("OPD tidak ditemukan.")})
        periode_id = _optional_id(parameter, "periode")
        if periode_id:
            periode = periode_list().filter(pk=periode_id).first()
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


def _common(judul: str) -> dict:
    return {"profil": profil_daerah_get(), "judul": judul, "dibuat_pada": timezone.localtime()}


def evaluasi_context(*, tahun: int, tanpa_bab: Collection[str] = ()) -> dict:
    """Everything the annual evaluation report shows; tanpa_bab names the chapters left out ("kasus")."""
    penilaian = penilaian_ringkasan(tahun=tahun, bukti=True)
    rad = rekap_klaster(tahun=tahun)
    pembaca = _pembaca_laporan()
    rapat = list(rapat_list(user=pembaca).filter(mulai__year=tahun).order_by("mulai"))
    tindak_lanjut = list(tindak_lanjut_list(user=pembaca).filter(rapat__mulai__year=tahun))
    # The case chapter is not even computed for a reader refused the case statistics.
    statistik = None
    if "kasus" not in tanpa_bab:
        statistik = statistik_kasus(tahun=tahun, rinci=False)
    ambang = [(p.nama, float(p.skor_minimum)) for p in penilaian.predikat_list]
    target = penilaian.target
    return {
        **_common(_("Laporan Evaluasi Kabupaten/Kota Layak Anak")),
        "tahun": tahun,
        "penilaian": penilaian,
        "riwayat": penilaian_riwayat(),
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
    pembaca = _pembaca_laporan()
    rencana_qs = rencana_list(user=pembaca, tahun=tahun, filters=filters)
    periode_obj = periode_list().filter(pk=periode).first() if periode else None
    if periode_obj:
        # What the Pimpinan reads: submitted and verified reports; a draft is not yet reported.
        rencana_qs = rencana_qs.prefetch_related(
            Prefetch(
                "realisasi",
                queryset=realisasi_visible(user=pembaca).filter(periode=periode_obj).order_by("pk"),
                to_attr="realisasi_periode",
            )
        )
    rencana = list(rencana_qs)
    per_klaster = rekap_klaster(tahun=tahun)
    per_opd = rekap_opd(tahun=tahun)
    cakupan = _("Seluruh daerah")
    if klaster:
        obj = Klaster.objects.get(pk=klaster)
        cakupan = obj.nama
        per_klaster = [r for r in per_klaster if r.klaster.pk == klaster]
        opd_ids = {r.opd_id for r in rencana}
        per_opd = [r for r in per_opd if r["opd_id"] in opd_ids]
    if opd:
        obj = OPD.objects.get(pk=opd)
        cakupan = obj.nama
        per_opd = [r for r in per_opd if r["opd_id"] == opd]
        klaster_ids = {r.indikator.klaster_id for r in rencana}
        per_klaster = [r for r in per_klaster if r.klaster.pk in klaster_ids]
    kelengkapan = []
    if periode_obj:
        opd_ids = {r.opd_id for r in rencana}
        kelengkapan = [r for r in kelengkapan_laporan(periode=periode_obj) if r["opd_id"] in opd_ids]
        for item in rencana:
            item.laporan_periode = item.realisasi_periode[0] if item.realisasi_periode else None
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
        "statistik": statistik_kasus(tahun=tahun, rinci=False),
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

    rapat = rapat_detail(user=user or _pembaca_laporan(), pk=rapat_id)
    if rapat is None:
        raise ValidationError(_("Rapat tidak ditemukan atau belum diterbitkan."))
    with translation.override(settings.LANGUAGE_CODE):
        return notulen_pdf(rapat=rapat), notulen_filename(rapat)


def laporan_filename(jenis: str, parameter: dict) -> str:
    stamp = f"{timezone.localtime():%Y%m%d-%H%M}"
    bagian = [f"laporan-{jenis.replace('_', '-')}", str(parameter.get("tahun", ""))]
    if parameter.get("klaster"):
        bagian.append(f"klaster-{parameter['klaster']}")
    if parameter.get("opd"):
        bagian.append(f"opd-{parameter['opd']}")
    if parameter.get("periode"):
        bagian.append(f"periode-{parameter['periode']}")
    bagian.append(stamp)
    ext = "zip" if jenis == LaporanJob.Jenis.PAKET_BUKTI else "pdf"
    return "-".join(b for b in bagian if b) + f".{ext}"


def laporan_render_bytes(*, job: LaporanJob) -> tuple[bytes, str]:
    """Render a job's report: the file's bytes and its download name."""
    p = job.parameter
    if job.jenis == LaporanJob.Jenis.NOTULEN:
        return laporan_notulen_pdf(rapat_id=p["rapat"], user=job.diminta_oleh)
    if job.jenis == LaporanJob.Jenis.EVALUASI:
        content = laporan_evaluasi_pdf(tahun=p["tahun"], tanpa_bab=job.bab_tertutup)
    elif job.jenis == LaporanJob.Jenis.RAD:
        content = laporan_rad_pdf(
            tahun=p["tahun"], klaster=p.get("klaster"), opd=p.get("opd"), bulan=p.get("bulan"), periode=p.get("periode")
        )
    elif job.jenis == LaporanJob.Jenis.KASUS:
        content = laporan_kasus_pdf(tahun=p["tahun"])
    elif job.jenis == LaporanJob.Jenis.PAKET_BUKTI:
        from .paket import paket_bukti_zip

        content = paket_bukti_zip(tahun=p["tahun"], tanpa_bab=job.bab_tertutup)
    else:
        raise ValidationError(_("Jenis laporan tidak dikenal."))
    return content, laporan_filename(job.jenis, p)


def render_sync(*, jenis: str, tahun: int | None = None, rapat: int | None = None) -> tuple[bytes, str]:
    """Render a report in this process (the render_report command)."""
    parameter = {"tahun": tahun, "rapat": rapat}
    clean = parameter_clean(jenis=jenis, parameter=parameter, user=None)
    job = LaporanJob(jenis=jenis, parameter=clean)
    return laporan_render_bytes(job=job)
