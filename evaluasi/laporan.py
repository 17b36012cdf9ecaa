"""Which renderer makes each report kind, the name a report reads by and the file name it gets."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gugus_tugas.models import OPD, Rapat
from klaster.models import Klaster
from rad_kla.models import PeriodePelaporan

from .models import LaporanJob
from .paket import paket_bukti_zip
from .reports import laporan_evaluasi_pdf, laporan_kasus_pdf, laporan_notulen_pdf, laporan_rad_pdf, parameter_clean

# The short word a report is called by in lists and notifications; the kind's full label stays on the form.
JENIS_SINGKAT = {
    LaporanJob.Jenis.EVALUASI: gettext_lazy("Evaluasi KLA"),
    LaporanJob.Jenis.RAD: gettext_lazy("RAD"),
    LaporanJob.Jenis.KASUS: gettext_lazy("Statistik Kasus"),
    LaporanJob.Jenis.NOTULEN: gettext_lazy("Notulen"),
    LaporanJob.Jenis.PAKET_BUKTI: gettext_lazy("Paket Bukti Dukung"),
}
PEMISAH = " · "


def _id(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def _baca(jobs: list[LaporanJob], key: str, queryset) -> dict:
    """The objects the jobs name under `key`, by id, in one query (none when no job names one)."""
    ids = {_id(job.parameter.get(key)) for job in jobs} - {None}
    return queryset.in_bulk(ids) if ids else {}


def laporan_nama_list(jobs: Iterable[LaporanJob]) -> list[LaporanJob]:
    """The jobs, each given `.nama`: "RAD 2026 · Dinas Kesehatan · Triwulan III", read from its stored parameters.

    The OPDs, clusters, periods and meetings named are read for all the jobs at once, one query each.
    """
    jobs = list(jobs)
    opd = _baca(jobs, "opd", OPD.objects.only("pk", "nama"))
    klaster = _baca(jobs, "klaster", Klaster.objects.only("pk", "nama"))
    periode = _baca(jobs, "periode", PeriodePelaporan.objects.all())
    rapat = _baca(jobs, "rapat", Rapat.objects.only("pk", "judul", "mulai"))
    for job in jobs:
        p = job.parameter
        bagian = [str(JENIS_SINGKAT.get(job.jenis, job.get_jenis_display()))]
        if p.get("tahun"):
            bagian[0] += f" {p['tahun']}"
        if p.get("rapat"):
            r = rapat.get(_id(p["rapat"]))
            bagian += [r.judul, date_format(r.tanggal, "j F Y")] if r else [_("Rapat %(id)s") % {"id": p["rapat"]}]
        if p.get("klaster"):
            k = klaster.get(_id(p["klaster"]))
            bagian.append(k.nama if k else _("Klaster %(id)s") % {"id": p["klaster"]})
        if p.get("opd"):
            o = opd.get(_id(p["opd"]))
            bagian.append(o.nama if o else _("OPD %(id)s") % {"id": p["opd"]})
        if p.get("periode"):
            per = periode.get(_id(p["periode"]))
            # The year is already in the name: "Triwulan III", not "Triwulan III 2026".
            bagian.append(
                per.label.removesuffix(f" {per.tahun}") if per else _("Periode %(id)s") % {"id": p["periode"]}
            )
        if p.get("bulan"):
            bagian.append(laporan_bulan_label(str(p["bulan"])))
        job.nama = PEMISAH.join(bagian)
    return jobs


def laporan_bulan_label(bulan: str, *, tahun: bool = False) -> str:
    """A stored month "2026-06" as "Juni" (or "Juni 2026"); a malformed one as stored."""
    try:
        return date_format(datetime.date.fromisoformat(f"{bulan[:7]}-01"), "F Y" if tahun else "F")
    except ValueError:
        return bulan


def laporan_filename(job: LaporanJob) -> str:
    """The download name: the report's name slugified, "rad-2026-dinas-kesehatan-triwulan-iii.pdf"."""
    nama = getattr(job, "nama", None) or laporan_nama_list([job])[0].nama
    ext = "zip" if job.jenis == LaporanJob.Jenis.PAKET_BUKTI else "pdf"
    return f"{slugify(nama, allow_unicode=True)[:190] or 'laporan'}.{ext}"


def laporan_render_bytes(*, job: LaporanJob) -> tuple[bytes, str]:
    """Render a job's report: the file's bytes and its download name."""
    p = job.parameter
    if job.jenis == LaporanJob.Jenis.NOTULEN:
        content, _nama = laporan_notulen_pdf(rapat_id=p["rapat"], user=job.diminta_oleh)
    elif job.jenis == LaporanJob.Jenis.EVALUASI:
        content = laporan_evaluasi_pdf(tahun=p["tahun"], tanpa_bab=job.bab_tertutup)
    elif job.jenis == LaporanJob.Jenis.RAD:
        content = laporan_rad_pdf(
            tahun=p["tahun"], klaster=p.get("klaster"), opd=p.get("opd"), bulan=p.get("bulan"), periode=p.get("periode")
        )
    elif job.jenis == LaporanJob.Jenis.KASUS:
        content = laporan_kasus_pdf(tahun=p["tahun"])
    elif job.jenis == LaporanJob.Jenis.PAKET_BUKTI:
        content = paket_bukti_zip(tahun=p["tahun"], tanpa_bab=job.bab_tertutup)
    else:
        raise ValidationError(_("Jenis laporan tidak dikenal."))
    return content, laporan_filename(job)


def laporan_render_sync(*, jenis: str, tahun: int | None = None, rapat: int | None = None) -> tuple[bytes, str]:
    """Render a report in this process (the render_report command)."""
    parameter = {"tahun": tahun, "rapat": rapat}
    clean = parameter_clean(jenis=jenis, parameter=parameter, user=None)
    job = LaporanJob(jenis=jenis, parameter=clean)
    return laporan_render_bytes(job=job)
