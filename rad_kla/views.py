"""Pages of the RAD KLA: the plan, an OPD's own actions, realisation entry, verification, periods."""

import unicodedata

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.attachments import private_file_response
from core.guards import form_errors_add
from core.tahun import tahun_get
from core.templatetags.kla_format import desimal, rupiah, skor
from gugus_tugas.models import TindakLanjut

from . import selectors, services
from .filters import RencanaFilter
from .forms import (
    PemeriksaanForm,
    PeriodeForm,
    PeriodeGenerateForm,
    RealisasiForm,
    TautanTindakLanjutForm,
    tindak_lanjut_baris_label,
)
from .models import BuktiDukung, PeriodePelaporan, Realisasi, RencanaAksi
from .templatetags.rad_progres import capaian_sel, progres_badge, status_badge

PER_PAGE = 25


def _get_rencana_for_user(request, pk: int, *, periode: bool = False) -> tuple[RencanaAksi, bool]:
    """The action and whether the user may write its realisations; 404 when it does not exist."""
    try:
        rencana = selectors.rencana_get(pk=pk, periode=periode)
    except RencanaAksi.DoesNotExist as exc:
        raise Http404 from exc
    return rencana, request.user.has_perm("rad_kla.isi_realisasi", rencana)


def _get_realisasi_for_user(request, pk: int) -> Realisasi:
    """A realisation the user may read; 404 for another OPD's draft as for one that does not exist."""
    try:
        return selectors.realisasi_get(user=request.user, pk=pk)
    except Realisasi.DoesNotExist as exc:
        raise Http404 from exc


def _get_bukti_for_user(request, pk: int) -> BuktiDukung:
    """An evidence file the user may have; 404 otherwise, so others cannot tell which files exist."""
    try:
        return selectors.bukti_get(user=request.user, pk=pk)
    except BuktiDukung.DoesNotExist as exc:
        raise Http404 from exc


_CONTOH_PK = 987654321


def _url_pola(name: str):
    """The URL of `name` for any one id, reversed once: a list page links every row (reverse costs ~80 calls)."""
    pola = reverse(name, args=[_CONTOH_PK])
    return lambda pk: pola.replace(str(_CONTOH_PK), str(pk), 1)


def _teks_pendek(text: str, length: int) -> str:
    """What the truncatechars filter gives, without walking a text that already fits."""
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= length else Truncator(text).chars(length)


def _rencana_rows(rencana: list[dict], tahun: int) -> list[SafeString]:
    """The list's rows (selectors.RENCANA_BARIS values) as HTML, each built here in one call.

    A page has 25 rows of nine cells; the template engine spends a lookup, a filter or an include on
    every cell, about four times what formatting the whole row here costs.
    """
    url = _url_pola("rad_kla:detail")
    query = f"?tahun={tahun:d}"
    # Each cell names its column (data-label), so below 576 px a row reads as a card (.tabel-kartu).
    label = [
        conditional_escape(text)
        for text in (
            _("Kode"),
            _("Aksi"),
            _("Indikator"),
            _("OPD"),
            _("Target"),
            _("Capaian thd. target"),
            _("Pagu"),
            _("Serapan"),
            _("Progres"),
        )
    ]
    row = (
        '<tr>\n      <td class="text-nowrap" data-label="{}"><a href="{{}}">{{}}</a></td>\n'
        '      <td data-label="{}">{{}}<div class="small text-muted">{{}}</div></td>\n'
        '      <td class="small" data-label="{}">{{}}. {{}}</td>\n'
        '      <td class="small" data-label="{}">{{}}</td>\n'
        '      <td class="text-end text-nowrap" data-label="{}">{{}}</td>\n'
        '      <td class="text-end" data-label="{}">{{}}</td>\n'
        '      <td class="text-end text-nowrap" data-label="{}">{{}}</td>\n'
        '      <td class="text-end" data-label="{}">{{}}</td>\n'
        '      <td data-label="{}">{{}}</td>\n    </tr>'
    ).format(*label)
    return [
        format_html(
            row,
            url(r["pk"]) + query,
            r["kode"],
            r["indikator_keluaran"],
            _teks_pendek(r["uraian"], 90),
            r["indikator__kode"],
            _teks_pendek(r["indikator__nama"], 40),
            r["opd__singkatan"],
            format_html('{} <span class="small text-muted">{}</span>', skor(r["target_tahun"]), r["satuan"])
            if r["target_tahun"] is not None
            else "–",
            capaian_sel(r["capaian_persen"], r["porsi_terakhir"], r["target_tahun"]),
            rupiah(r["pagu_tahun"]),
            f"{desimal(r['serapan_persen'], 1)}%" if r["serapan_persen"] is not None else "–",
            progres_badge(r["status_progres"]),
        )
        for r in rencana
    ]


@permission_required("rad_kla.lihat_rad", raise_exception=True)
def rencana_index(request):
    tahun = tahun_get(request)
    # One filter set both narrows the list and draws the form, so the values are read and checked once.
    penyaring = RencanaFilter(request.GET, user=request.user, tahun=tahun)
    rencana = selectors.rencana_urut_list(tahun=tahun, filterset=penyaring)
    page = Paginator(rencana, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "rad_kla/index.html",
        {
            "form": penyaring.form,
            "page": page,
            "rows": _rencana_rows(list(page), tahun),
            "tahun": tahun,
            "query": query.urlencode(),
        },
    )


@permission_required("rad_kla.lihat_rad", raise_exception=True)
def rencana_saya(request):
    tahun = timezone.localdate().year
    rencana = selectors.rencana_saya(user=request.user, tahun=tahun)
    page = Paginator(rencana, PER_PAGE).get_page(request.GET.get("page"))
    periode_terbuka = list(selectors.periode_terbuka_list())
    selectors.slot_terbuka_set(rencana=list(page), periode_list=periode_terbuka)
    return render(
        request,
        "rad_kla/saya.html",
        {
            "page": page,
            "tahun": tahun,
            "periode_terbuka": periode_terbuka,
            "dikembalikan": list(selectors.realisasi_dikembalikan_list(user=request.user)[:PER_PAGE]),
            "status_labels": selectors.StatusProgres.LABELS,
        },
    )


def _periode_label(row: dict) -> str:
    """The label of the period a row of values (selectors._PERIODE_BARIS) was reported in."""
    return PeriodePelaporan(jenis=row["periode__jenis"], tahun=row["periode__tahun"], nomor=row["periode__nomor"]).label


def _realisasi_rows(realisasi: list[dict]) -> list[SafeString]:
    """The action page's realisation rows as HTML, each built here in one call (a lookup, a filter or a tag a cell)."""
    labels = dict(Realisasi.Status.choices)
    url = _url_pola("rad_kla:realisasi_detail")
    return [
        format_html(
            '<tr>\n      <td><a href="{}">{}</a></td>\n      <td class="text-end">{}</td>\n'
            '      <td class="text-end">{}</td>\n      <td>{}</td>\n      <td>{}</td>\n    </tr>',
            url(r["pk"]),
            _periode_label(r),
            skor(r["nilai_capaian"]) if r["nilai_capaian"] is not None else "–",
            rupiah(r["realisasi_anggaran"]),
            r["jumlah_bukti"],
            status_badge(r["status"], labels[r["status"]]),
        )
        for r in realisasi
    ]


def _rencana_rincian(rencana: RencanaAksi) -> SafeString:
    """The action's heading, description and fixed details as HTML, built here in one call.

    The template spent a lookup, an {% if %} or a filter on each of some thirty values.
    """
    dt = '\n  <dt class="col-sm-3">{}</dt><dd class="col-sm-9">{}</dd>'

    def kode_nama(kode: str, nama: str) -> str:
        return f"{kode} {nama}" if kode else nama

    baris = [
        format_html(
            dt,
            _("Indikator KLA"),
            format_html(
                '<a href="{}">{}</a> · {}',
                reverse("klaster:indikator_detail", args=[rencana.indikator.pk]),
                rencana.indikator,
                rencana.indikator.klaster.nama,
            ),
        ),
        format_html(dt, _("OPD penanggung jawab"), rencana.opd.nama),
    ]
    if rencana.opd_terkait_nama:
        baris.append(format_html(dt, _("OPD terkait"), ", ".join(rencana.opd_terkait_nama)))
    for label, kode, nama in (
        (_("Program"), rencana.kode_program, rencana.program),
        (_("Kegiatan"), rencana.kode_kegiatan, rencana.kegiatan),
        (_("Sub kegiatan"), rencana.kode_sub_kegiatan, rencana.sub_kegiatan),
    ):
        if nama:
            baris.append(format_html(dt, label, kode_nama(kode, nama)))
    baris += [
        format_html(dt, _("Satuan · arah"), f"{rencana.satuan} · {rencana.get_arah_display()}"),
        format_html(dt, _("Baseline"), skor(rencana.baseline) if rencana.baseline is not None else "–"),
        format_html(dt, _("Sumber dana"), rencana.get_sumber_dana_display()),
    ]
    if rencana.lokasi:
        baris.append(format_html(dt, _("Lokasi"), rencana.lokasi))
    return format_html(
        '<h1 class="h4">{} · {}</h1>\n<p>{}</p>\n<dl class="row small">{}\n</dl>',
        rencana.kode,
        rencana.indikator_keluaran,
        linebreaksbr(rencana.uraian),
        SafeString("".join(baris)),
    )


def _progres_rincian(progres: dict | None, satuan: str) -> SafeString:
    """The year's progress (status, latest value, capaian) as the rows of its list."""
    dt = '\n  <dt class="col-sm-3">{}</dt><dd class="col-sm-9">{}</dd>'
    if progres is not None and progres["nilai"] is not None:
        nilai = format_html(
            '{} {} <span class="text-muted">({})</span>', skor(progres["nilai"]), satuan, _periode_label(progres)
        )
    else:
        nilai = "–"
    if progres is not None:
        capaian = capaian_sel(progres["capaian_persen"], progres["porsi"], progres["target"])
    else:
        capaian = "–"
    return SafeString(
        format_html(dt, _("Status"), progres_badge(progres["status"] if progres is not None else "tanpa_target"))
        + format_html(dt, _("Nilai terakhir"), nilai)
        + format_html(dt, _("Capaian thd. target"), capaian)
    )


def _slot_rows(rencana: RencanaAksi, realisasi: list[dict]) -> list[SafeString]:
    """The open periods the user may report in, each with its realisation's status and the button to fill it."""
    by_periode = {r["periode_id"]: r for r in realisasi}
    labels = dict(Realisasi.Status.choices)
    url = reverse("rad_kla:realisasi_isi", args=[rencana.pk, _CONTOH_PK])
    rows = []
    for periode in rencana.periode_terbuka:
        r = by_periode.get(periode.pk)
        tombol = ""
        if r is None or Realisasi(status=r["status"]).dapat_diubah:
            tombol = format_html(
                '<a class="btn btn-success btn-sm" href="{}">{}</a>',
                url.replace(str(_CONTOH_PK), str(periode.pk)),
                _("Perbarui") if r is not None else _("Isi realisasi"),
            )
        rows.append(
            format_html(
                '<div class="d-flex flex-wrap align-items-center gap-2 mb-1">\n'
                "      <span>{}</span>\n      {}\n      {}\n    </div>",
                periode.label,
                status_badge(r["status"], labels[r["status"]]) if r is not None else "",
                tombol,
            )
        )
    return rows


def _target_rows(progres: list[dict], satuan: str) -> list[SafeString]:
    """The table of each year's target and pagu, from the years' progress rows."""
    return [
        format_html(
            '<tr><td>{}</td><td class="text-end">{} {}</td><td class="text-end">{}</td></tr>',
            f"{p['tahun']:d}",
            skor(p["target"]),
            satuan,
            rupiah(p["pagu"]),
        )
        for p in progres
        if p["target"] is not None
    ]


@permission_required("rad_kla.lihat_rad", raise_exception=True)
def rencana_detail(request, pk: int):
    rencana, can_write = _get_rencana_for_user(request, pk, periode=True)
    tahun = tahun_get(request)
    realisasi = list(selectors.realisasi_rencana_list(rencana=rencana, user=request.user))
    can_link = request.user.has_perm("rad_kla.tautkan_tindak_lanjut", rencana)
    progres = selectors.progres_tahunan_list(rencana=rencana)
    terkait, pilihan = selectors.tindak_lanjut_tautan_list(rencana=rencana, user=request.user, pilihan=can_link)
    status_tl = dict(TindakLanjut.Status.choices)
    return render(
        request,
        "rad_kla/detail.html",
        {
            "rencana": rencana,
            "rincian": _rencana_rincian(rencana),
            "tahun": tahun,
            "progres": _progres_rincian(next((p for p in progres if p["tahun"] == tahun), None), rencana.satuan),
            "target_rows": _target_rows(progres, rencana.satuan),
            "realisasi_rows": _realisasi_rows(realisasi),
            "slot_rows": _slot_rows(rencana, realisasi) if can_write else [],
            "can_link": can_link,
            "tindak_lanjut_list": [{**tl, "status": status_tl[tl["status"]]} for tl in terkait],
            "tindak_lanjut_pilihan": [(tl["pk"], tindak_lanjut_baris_label(tl)) for tl in pilihan],
        },
    )


@require_POST
@permission_required("rad_kla.lihat_rad", raise_exception=True)
def rencana_tindak_lanjut(request, pk: int):
    """Link a meeting follow-up to the action, or unlink it (`lepas`)."""
    rencana, _can_write = _get_rencana_for_user(request, pk)
    if not request.user.has_perm("rad_kla.tautkan_tindak_lanjut", rencana):
        raise PermissionDenied
    lepas = "lepas" in request.POST
    pilihan = (
        selectors.tindak_lanjut_rencana_list(rencana=rencana, user=request.user)
        if lepas
        else selectors.tindak_lanjut_pilihan_list(rencana=rencana, user=request.user)
    )
    form = TautanTindakLanjutForm(request.POST, tindak_lanjut=pilihan)
    if not form.is_valid():
        messages.error(request, _("Pilih tindak lanjut rapat yang tersedia."))
        return redirect("rad_kla:detail", pk=rencana.pk)
    tindak_lanjut = form.cleaned_data["tindak_lanjut"]
    try:
        if lepas:
            services.rencana_aksi_tindak_lanjut_delete(rencana=rencana, tindak_lanjut=tindak_lanjut, by=request.user)
            messages.success(request, _("Tautan tindak lanjut rapat dilepas."))
        else:
            services.rencana_aksi_tindak_lanjut_create(rencana=rencana, tindak_lanjut=tindak_lanjut, by=request.user)
            messages.success(request, _("Tindak lanjut rapat ditautkan ke rencana aksi ini."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("rad_kla:detail", pk=rencana.pk)


@permission_required("rad_kla.lihat_rad", raise_exception=True)
def realisasi_update_view(request, pk: int, periode_pk: int):
    rencana, can_write = _get_rencana_for_user(request, pk)
    if not can_write:
        raise PermissionDenied
    periode = get_object_or_404(PeriodePelaporan, pk=periode_pk)
    realisasi = Realisasi.objects.filter(rencana_aksi=rencana, periode=periode).first()
    if realisasi and not realisasi.dapat_diubah:
        messages.info(
            request,
            _("Realisasi ini sudah %(status)s dan tidak dapat diubah.")
            % {"status": realisasi.get_status_display().lower()},
        )
        return redirect("rad_kla:realisasi_detail", pk=realisasi.pk)
    if not periode.terbuka:
        messages.error(request, _("Periode %(periode)s sudah ditutup.") % {"periode": periode.label})
        return redirect("rad_kla:detail", pk=rencana.pk)
    initial = {}
    if realisasi:
        initial = {
            f: getattr(realisasi, f)
            for f in ("nilai_capaian", "realisasi_anggaran", "narasi", "kendala", "anggaran_lebih_dikonfirmasi")
        }
    form = RealisasiForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            realisasi = services.realisasi_update(
                rencana=rencana,
                periode=periode,
                by=request.user,
                ajukan="ajukan" in request.POST,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            if realisasi.status == Realisasi.Status.DIAJUKAN:
                messages.success(request, _("Realisasi diajukan untuk diverifikasi."))
            else:
                messages.success(request, _("Draf realisasi tersimpan."))
            return redirect("rad_kla:realisasi_detail", pk=realisasi.pk)
    return render(
        request,
        "rad_kla/realisasi_form.html",
        {
            "form": form,
            "rencana": rencana,
            "periode": periode,
            "realisasi": realisasi,
            "target": rencana.target.filter(tahun=periode.tahun).first(),
        },
    )


def _render_realisasi(request, realisasi: Realisasi, form: PemeriksaanForm | None = None, status: int = 200):
    user = request.user
    can_download = user.has_perm("rad_kla.unduh_bukti", realisasi)
    selectors.realisasi_pembanding_tandai(realisasi=[realisasi])
    return render(
        request,
        "rad_kla/realisasi_detail.html",
        {
            "realisasi": realisasi,
            "bukti_list": realisasi.bukti.select_related("diunggah_oleh") if can_download else [],
            "can_download": can_download,
            "can_verify": user.has_perm("rad_kla.verifikasi_realisasi", realisasi)
            and realisasi.status == Realisasi.Status.DIAJUKAN,
            "can_write": user.has_perm("rad_kla.isi_realisasi", realisasi)
            and realisasi.dapat_diubah
            and realisasi.periode.terbuka,
            "pemeriksaan_form": form or PemeriksaanForm(),
            "riwayat": realisasi.history.select_related("history_user").order_by("-history_date")[:20],
        },
        status=status,
    )


@permission_required("rad_kla.lihat_rad", raise_exception=True)
def realisasi_detail(request, pk: int):
    return _render_realisasi(request, _get_realisasi_for_user(request, pk))


@require_POST
@permission_required("rad_kla.lihat_rad", raise_exception=True)
def realisasi_verify_view(request, pk: int):
    realisasi = _get_realisasi_for_user(request, pk)
    form = PemeriksaanForm(request.POST)
    form.is_valid()
    catatan = form.cleaned_data.get("catatan", "")
    try:
        if request.POST.get("keputusan") == "kembalikan":
            services.realisasi_return(realisasi=realisasi, by=request.user, catatan=catatan)
            messages.success(request, _("Realisasi dikembalikan ke OPD dengan catatan."))
        else:
            services.realisasi_verify(realisasi=realisasi, by=request.user, catatan=catatan)
            messages.success(request, _("Realisasi diverifikasi dan kini terkunci."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _render_realisasi(request, realisasi, form, status=400)
    return redirect("rad_kla:verifikasi")


@permission_required("rad_kla.lihat_rad", raise_exception=True)
def verifikasi_index(request):
    page = Paginator(selectors.realisasi_antrean_list(user=request.user), PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    selectors.realisasi_pembanding_tandai(realisasi=page.object_list)
    return render(request, "rad_kla/verifikasi.html", {"page": page})


@permission_required("rad_kla.lihat_rad", raise_exception=True)
def bukti_download(request, pk: int):
    bukti = _get_bukti_for_user(request, pk)
    return private_file_response(bukti.berkas, filename=bukti.nama_asli, content_type=bukti.jenis_konten)


@require_POST
@permission_required("rad_kla.lihat_rad", raise_exception=True)
def bukti_delete(request, pk: int):
    bukti = _get_bukti_for_user(request, pk)
    realisasi = bukti.realisasi
    # The service refuses a reader who may not write (PermissionDenied, so 403).
    try:
        services.bukti_delete(bukti=bukti, by=request.user)
        messages.success(request, _("Bukti dukung dihapus."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("rad_kla:realisasi_detail", pk=realisasi.pk)


@permission_required("rad_kla.lihat_rad", raise_exception=True)
def rekap(request):
    tahun = tahun_get(request)
    periode_list = list(selectors.periode_list(tahun=tahun))
    periode = next((p for p in periode_list if str(p.pk) == request.GET.get("periode")), None)
    if periode is None and periode_list:
        closed = [p for p in periode_list if p.batas_lapor < timezone.localdate()]
        periode = closed[-1] if closed else periode_list[0]
    rekap_klaster, rekap_opd = selectors.rekap_tahun(tahun=tahun)
    return render(
        request,
        "rad_kla/rekap.html",
        {
            "tahun": tahun,
            "rekap_klaster": rekap_klaster,
            "rekap_opd": rekap_opd,
            "periode_list": periode_list,
            "periode": periode,
            "kelengkapan": selectors.kelengkapan_laporan_list(periode=periode) if periode else [],
        },
    )


@permission_required("rad_kla.kelola_rad", raise_exception=True)
def periode_index(request):
    form = PeriodeGenerateForm(request.POST or None, initial={"tahun": timezone.localdate().year, "jenis": "triwulan"})
    if request.method == "POST" and form.is_valid():
        created = services.periode_create(**form.cleaned_data)
        messages.success(
            request,
            _("%(n)s periode pelaporan tersedia untuk tahun %(tahun)s.")
            % {"n": len(created), "tahun": form.cleaned_data["tahun"]},
        )
        return redirect("rad_kla:periode")
    page = Paginator(selectors.periode_list(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "rad_kla/periode.html", {"form": form, "page": page})


@permission_required("rad_kla.kelola_rad", raise_exception=True)
def periode_update_view(request, pk: int):
    periode = get_object_or_404(PeriodePelaporan, pk=pk)
    initial = {"mulai": periode.mulai, "selesai": periode.selesai, "batas_lapor": periode.batas_lapor}
    form = PeriodeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.periode_update(periode=periode, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Tanggal periode %(periode)s disimpan.") % {"periode": periode.label})
            return redirect("rad_kla:periode")
    return render(request, "rad_kla/periode_form.html", {"form": form, "periode": periode})


@require_POST
@permission_required("rad_kla.kelola_rad", raise_exception=True)
def periode_status_set_view(request, pk: int):
    periode = get_object_or_404(PeriodePelaporan, pk=pk)
    terbuka = request.POST.get("terbuka") == "1"
    services.periode_terbuka_set(periode=periode, terbuka=terbuka, by=request.user)
    if terbuka:
        messages.success(request, _("Periode %(periode)s dibuka untuk pelaporan.") % {"periode": periode.label})
    else:
        messages.success(request, _("Periode %(periode)s ditutup.") % {"periode": periode.label})
    return redirect("rad_kla:periode")
