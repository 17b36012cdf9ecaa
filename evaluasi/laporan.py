"""Which renderer makes each report kind, and the file name it gets; used by the job service and render_report."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import LaporanJob
from .paket import paket_bukti_zip
from .reports import laporan_evaluasi_pdf, laporan_kasus_pdf, laporan_notulen_pdf, laporan_rad_pdf, parameter_clean


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
        content = paket_bukti_zip(tahun=p["tahun"], tanpa_bab=job.bab_tertutup)
    else:
        raise ValidationError(_("Jenis laporan tidak dikenal."))
    return content, laporan_filename(job.jenis, p)


def laporan_render_sync(*, jenis: str, tahun: int | None = None, rapat: int | None = None) -> tuple[bytes, str]:
    """Render a report in this process (the render_report command)."""
    parameter = {"tahun": tahun, "rapat": rapat}
    clean = parameter_clean(jenis=jenis, parameter=parameter, user=None)
    job = LaporanJob(jenis=jenis, parameter=clean)
    return laporan_render_bytes(job=job)
