"""The role dashboard, the self-assessment and the report pages."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.attachments import private_file_response
from core.guards import form_errors_add
from core.tahun import tahun_get, tahun_url_check
from core.templatetags.kla_format import skor
from gugus_tugas.merek import profil_daerah_request_set
from gugus_tugas.selectors import opd_list, rapat_list
from klaster.models import Indikator
from klaster.selectors import indikator_aktif_list
from rad_kla.selectors import periode_list, realisasi_terverifikasi_list

from . import dashboard, selectors, services, tugas
from .forms import HasilResmiForm, LaporanForm, PenilaianIndikatorForm
from .laporan import laporan_nama_list
from .models import BuktiPenilaian, LaporanJob

PER_PAGE = 20


def beranda(request):
    tahun = tahun_get(request)
    kunci = dashboard.beranda_kunci(user=request.user, tahun=tahun, bahasa=get_language())
    isi = dashboard.beranda_get(kunci)
    page = {"pimpinan_view": dashboard.beranda_grafik_check(user=request.user)}
    # Per reader and never kept: drawn outside the dashboard's kept part, above it.
    sejak = tugas.kunjungan_sejak_get(user=request.user, session=request.session)
    page["tugas_saya"] = tugas.tugas_saya_get(user=request.user, tahun=tahun, sejak=sejak)
    if isi is None:
        context = dashboard.beranda_context(user=request.user, tahun=tahun)
        # Drawn without the request: the context has the reader and their permissions, so the page's
        # context processors run once, for the layout, which gets the region profile read here.
        isi = render_to_string("evaluasi/_beranda_isi.html", context)
        dashboard.beranda_set(kunci, str(isi))
        page["profil_daerah"] = context["ringkasan"].profil
        profil_daerah_request_set(request, page["profil_daerah"])
    page["isi"] = mark_safe(isi)  # noqa: S308 - rendered by our own template
    return render(request, "evaluasi/beranda.html", page)


# One row of the overview's indicator table. The overview has a row per indicator in force: drawing
# them here costs a fraction of what the template engine spends on the same cells (a lookup, filter and
# localisation each); every value is escaped by format_html.
_BARIS_INDIKATOR = (
    '\n      <tr><td><a href="{url}">{nama}</a></td>\n'
    '        <td class="text-end">{bobot}</td>\n'
    '        <td class="text-end">{skor}</td>\n'
    '        <td class="text-end">{didukung}</td>\n'
    '        <td class="small">{bukti}</td>\n'
    '        <td class="small text-muted">{diperbarui}</td></tr>\n    '
)


def _indikator_rows(penilaian: selectors.Penilaian, tahun: int) -> list[tuple]:
    """Each cluster with its indicator table rows, drawn once here."""
    berkas, realisasi = _("berkas"), _("realisasi")
    # Claimed without any evidence: shown as 0 in red.
    tanpa_dukungan = format_html('<span class="text-danger" title="{}">0,00</span>', _("Belum ada bukti dukung"))
    tanpa_bukti = format_html('<span class="text-danger">{}</span>', _("tanpa bukti"))
    rows = []
    for k in penilaian.klaster:
        baris = []
        for b in k.indikator:
            diperbarui = b.penilaian.diperbarui_pada if b.penilaian else None
            jumlah = b.jumlah_bukti or b.jumlah_realisasi
            baris.append(
                format_html(
                    _BARIS_INDIKATOR,
                    url=reverse("evaluasi:indikator", args=[tahun, b.indikator.pk]),
                    nama=f"{b.indikator.kode}. {b.indikator.nama}",
                    bobot=skor(b.indikator.bobot),
                    skor=skor(b.skor),
                    didukung=(skor(b.skor_didukung) if b.didukung else tanpa_dukungan) if b.terisi else "–",
                    bukti=f"{localize(b.jumlah_bukti)} {berkas}, {localize(b.jumlah_realisasi)} {realisasi}"
                    if jumlah
                    else tanpa_bukti,
                    diperbarui=date_format(timezone.localtime(diperbarui), "DATE_FORMAT") if diperbarui else "–",
                )
            )
        rows.append((k, mark_safe("".join(baris)), len(baris)))  # noqa: S308 - each row built by format_html
    return rows


@permission_required("evaluasi.lihat_evaluasi", raise_exception=True)
def evaluasi_index(request):
    tahun = tahun_get(request)
    penilaian, riwayat = selectors.penilaian_index_get(tahun=tahun)
    profil_daerah_request_set(request, penilaian.profil)  # read once, for the layout and the app's name too
    return render(
        request,
        "evaluasi/index.html",
        {
            "tahun": tahun,
            "penilaian": penilaian,
            "klaster_rows": _indikator_rows(penilaian, tahun),
            "riwayat": riwayat,
            "hasil_form": HasilResmiForm(
                initial={"skor_resmi": penilaian.penilaian.skor_resmi if penilaian.penilaian else None}
            ),
            "tahun_pilihan": range(timezone.localdate().year + 1, timezone.localdate().year - 6, -1),
            "profil_daerah": penilaian.profil,
        },
    )


def _get_indikator_for_user(request, tahun: int, pk: int) -> tuple[Indikator, bool]:
    """The indicator (404 when not in force that year) and whether the user may fill it."""
    indikator = get_object_or_404(indikator_aktif_list(tahun=tahun_url_check(tahun)), pk=pk)
    return indikator, request.user.has_perm("evaluasi.isi_penilaian", indikator)


@permission_required("evaluasi.lihat_evaluasi", raise_exception=True)
def penilaian_indikator(request, tahun: int, pk: int):
    indikator, can_write = _get_indikator_for_user(request, tahun, pk)
    item = selectors.penilaian_indikator_get(tahun=tahun, indikator=indikator)
    tahun_obj = selectors.penilaian_tahun_get(tahun=tahun)
    terkunci = bool(tahun_obj and tahun_obj.final)
    realisasi_qs = realisasi_terverifikasi_list(indikator_id=indikator.pk, tahun_list=[tahun - 1, tahun])
    initial = {}
    if item:
        initial = {
            "skor": item.skor,
            "narasi": item.narasi,
            "realisasi": [r.pk for r in item.realisasi.all()],
            "rapat": [r.pk for r in item.rapat.all()],
            "statistik_kasus": item.statistik_kasus,
        }
    form = PenilaianIndikatorForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        indikator=indikator,
        realisasi_qs=realisasi_qs,
        rapat_qs=selectors.rapat_pendukung_list(user=request.user, tahun=tahun),
        statistik_relevan=selectors.statistik_kasus_relevan(indikator),
    )
    if request.method == "POST":
        if not can_write or terkunci:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.penilaian_indikator_update(
                    tahun=tahun,
                    indikator=indikator,
                    skor=form.cleaned_data["skor"],
                    narasi=form.cleaned_data["narasi"],
                    realisasi_ids=[r.pk for r in form.cleaned_data["realisasi"]],
                    rapat_ids=[r.pk for r in form.cleaned_data["rapat"]],
                    statistik_kasus=form.cleaned_data.get("statistik_kasus", False),
                    berkas=form.cleaned_data["berkas"],
                    keterangan_berkas=form.cleaned_data["keterangan_berkas"],
                    by=request.user,
                )
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(request, _("Penilaian indikator %(kode)s disimpan.") % {"kode": indikator.kode})
                return redirect("evaluasi:indikator", tahun=tahun, pk=indikator.pk)
    history = list(item.history.select_related("history_user").order_by("-history_date")[:10]) if item else []
    return render(
        request,
        "evaluasi/indikator_form.html",
        {
            "tahun": tahun,
            "indikator": indikator,
            "item": item,
            "form": form,
            "can_write": can_write and not terkunci,
            "can_download": request.user.has_perm("evaluasi.unduh_bukti_penilaian", indikator),
            "terkunci": terkunci,
            "riwayat": history,
        },
    )


@require_POST
@permission_required("evaluasi.finalisasi_penilaian", raise_exception=True)
def penilaian_finalize(request, tahun: int):
    tahun_url_check(tahun)
    try:
        services.penilaian_finalize(tahun=tahun, by=request.user)
        messages.success(request, _("Penilaian mandiri tahun %(tahun)s difinalkan dan dikunci.") % {"tahun": tahun})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("evaluasi:index") + f"?tahun={tahun}")


@require_POST
@permission_required("evaluasi.finalisasi_penilaian", raise_exception=True)
def hasil_resmi(request, tahun: int):
    tahun_url_check(tahun)
    form = HasilResmiForm(request.POST)
    if form.is_valid():
        services.hasil_resmi_set(tahun=tahun, skor=form.cleaned_data["skor_resmi"], by=request.user)
        messages.success(request, _("Hasil evaluasi resmi tahun %(tahun)s disimpan.") % {"tahun": tahun})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(reverse("evaluasi:index") + f"?tahun={tahun}")


def _get_bukti_penilaian_for_user(request, pk: int):
    """An evidence file the user may have; 404 otherwise, so others cannot tell which files exist."""
    try:
        return selectors.bukti_penilaian_get(user=request.user, pk=pk)
    except BuktiPenilaian.DoesNotExist:
        raise Http404 from None


@permission_required("evaluasi.lihat_evaluasi", raise_exception=True)
def bukti_download(request, pk: int):
    bukti = _get_bukti_penilaian_for_user(request, pk)
    return private_file_response(bukti.berkas, filename=bukti.nama_asli, content_type=bukti.jenis_konten)


@require_POST
@permission_required("evaluasi.lihat_evaluasi", raise_exception=True)
def bukti_delete(request, pk: int):
    bukti = _get_bukti_penilaian_for_user(request, pk)
    item = bukti.penilaian_indikator
    # The service refuses a reader who may not fill the assessment (PermissionDenied, so 403).
    try:
        services.bukti_penilaian_delete(bukti=bukti, by=request.user)
        messages.success(request, _("Berkas bukti dihapus."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("evaluasi:indikator", tahun=item.penilaian.tahun, pk=item.indikator_id)


# Reports -------------------------------------------------------------------------------------


def _laporan_form(request, data=None, jenis: str = "") -> LaporanForm:
    rapat = rapat_list(user=request.user).order_by("-mulai")
    if not request.user.has_perm("gugus_tugas.lihat_rapat"):
        rapat = rapat.none()
    return LaporanForm(
        data,
        initial={"jenis": jenis, "tahun": timezone.localdate().year},
        opd_qs=opd_list(),
        rapat_qs=rapat,
        periode_qs=periode_list(),
    )


@permission_required("evaluasi.lihat_laporan", raise_exception=True)
def laporan_index(request):
    bound = None
    if request.method == "POST":
        bound = _laporan_form(request, request.POST)
        if bound.is_valid():
            try:
                _job, created = services.laporan_request(
                    jenis=bound.cleaned_data["jenis"], parameter=bound.parameter(), by=request.user
                )
            except ValidationError as error:
                form_errors_add(bound, error)
            else:
                if created:
                    # The worker may finish before the page loads: the status beside the report says where it is.
                    messages.success(request, _("Permintaan laporan diterima. Statusnya tampil di daftar di bawah."))
                else:
                    messages.info(
                        request, _("Laporan yang sama sedang dibuat; Anda mengikuti permintaan yang sudah ada.")
                    )
                return redirect("evaluasi:laporan")
    semua = bool(request.GET.get("semua")) and request.user.has_perm("evaluasi.lihat_semua_laporan")
    page = Paginator(selectors.laporan_job_list(user=request.user, semua=semua), PER_PAGE).get_page(
        request.GET.get("page")
    )
    page.object_list = laporan_nama_list(page.object_list)
    jenis_forms = []
    for value, label in LaporanJob.Jenis.choices:
        if not request.user.has_perm("evaluasi.minta_laporan", value):
            continue
        form = bound if bound is not None and bound.data.get("jenis") == value else _laporan_form(request, jenis=value)
        jenis_forms.append((value, label, form))
    return render(
        request,
        "evaluasi/laporan_index.html",
        {"page": page, "jenis_forms": jenis_forms, "semua": semua},
    )


def _get_laporan_for_user(request, pk: int) -> LaporanJob:
    try:
        return selectors.laporan_job_get(user=request.user, pk=pk)
    except LaporanJob.DoesNotExist:
        raise Http404 from None


@permission_required("evaluasi.lihat_laporan", raise_exception=True)
def laporan_status(request, pk: int):
    job = _get_laporan_for_user(request, pk)
    return render(request, "evaluasi/_laporan_status.html", {"job": job})


@permission_required("evaluasi.lihat_laporan", raise_exception=True)
def laporan_download(request, pk: int):
    job = _get_laporan_for_user(request, pk)
    if not request.user.has_perm("evaluasi.unduh_laporan", job):
        raise PermissionDenied
    if job.status != LaporanJob.Status.SELESAI or not job.berkas:
        raise Http404
    content_type = "application/zip" if job.jenis == LaporanJob.Jenis.PAKET_BUKTI else "application/pdf"
    return private_file_response(job.berkas, filename=job.nama_berkas, content_type=content_type)
