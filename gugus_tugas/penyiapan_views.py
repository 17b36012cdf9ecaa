"""The first-run page of an empty install, and the wilayah and OPD sheets: template, upload, preview, save."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.guards import form_errors_add

from .forms import LembarDaerahForm, PenyiapanForm
from .impor_daerah import (
    Baris,
    HasilLembar,
    lembar_opd_import,
    lembar_wilayah_import,
    opd_template_export,
    wilayah_template_export,
)
from .models import OPD, Wilayah
from .penyiapan import KELOLA_DATA_DAERAH, instalasi_kosong_get, opd_import, profil_daerah_create, wilayah_import
from .selectors import profil_daerah_get

BARIS_PER_HALAMAN = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_not_required
def penyiapan_view(request):
    """Step 1 of 3 on an empty install: the region and its first admin, who is then logged in."""
    if not instalasi_kosong_get():
        raise Http404
    form = PenyiapanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            _profil, admin = profil_daerah_create(**form.service_data())
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            login(request, admin, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Profil daerah dan akun admin dibuat. Lanjutkan dengan data wilayah."))
            return redirect("gugus_tugas:penyiapan_wilayah")
    return render(request, "gugus_tugas/penyiapan.html", {"form": form, "langkah": 1})


@dataclass(frozen=True)
class Lembar:
    """One kind of sheet: how it is checked, saved and offered as a template, and how its rows show."""

    nama: str
    label: str
    judul: str
    keterangan: str
    check: Callable[..., HasilLembar]
    save: Callable[..., dict]
    template: Callable[[], bytes]
    nama_berkas: str
    kolom: tuple[str, ...]
    sel: Callable[[Baris], list[str]]
    langkah: int
    langkah_berikut: str


def _wilayah_sel(baris: Baris) -> list[str]:
    jenis = Wilayah.Jenis(baris.jenis).label if baris.jenis in Wilayah.Jenis.values else ""
    return [baris.kode, baris.nama, jenis, baris.induk_kode]


def _opd_sel(baris: Baris) -> list[str]:
    jenis = OPD.Jenis(baris.jenis).label if baris.jenis in OPD.Jenis.values else ""
    return [baris.singkatan, baris.nama, jenis, "; ".join(baris.nama_lain)]


def _wilayah_check(*, berkas) -> HasilLembar:
    profil = profil_daerah_get()
    return lembar_wilayah_import(berkas=berkas, kode_daerah=profil.kode if profil else "")


LEMBAR = {
    "wilayah": Lembar(
        nama="wilayah",
        label=gettext_lazy("Data wilayah"),
        judul=gettext_lazy("Unggah data wilayah"),
        keterangan=gettext_lazy(
            "Satu baris per kecamatan, desa atau kelurahan, dengan kode wilayah Kemendagri (kecamatan 18.72.01, "
            "desa/kelurahan 18.72.01.1001), nama dan jenisnya (Kecamatan, Desa atau Kelurahan). Kecamatan induk "
            "dibaca dari kodenya. Mengunggah ulang memperbarui wilayah berkode sama, tidak menggandakannya."
        ),
        check=_wilayah_check,
        save=wilayah_import,
        template=wilayah_template_export,
        nama_berkas="templat-wilayah.xlsx",
        kolom=(gettext_lazy("Kode"), gettext_lazy("Nama"), gettext_lazy("Jenis"), gettext_lazy("Kode kecamatan")),
        sel=_wilayah_sel,
        langkah=2,
        langkah_berikut="gugus_tugas:penyiapan_opd",
    ),
    "opd": Lembar(
        nama="opd",
        label=gettext_lazy("Data OPD"),
        judul=gettext_lazy("Unggah data OPD dan lembaga"),
        keterangan=gettext_lazy(
            "Satu baris per OPD atau lembaga anggota Gugus Tugas: nama, singkatan, jenis (mis. Dinas, Badan, "
            "Instansi vertikal, Forum Anak, Dunia usaha) dan nama lain yang dipakai dokumen, dipisahkan titik koma "
            "(;). Mengunggah ulang memperbarui OPD bersingkatan sama, tidak menggandakannya."
        ),
        check=lembar_opd_import,
        save=opd_import,
        template=opd_template_export,
        nama_berkas="templat-opd.xlsx",
        kolom=(gettext_lazy("Singkatan"), gettext_lazy("Nama"), gettext_lazy("Jenis"), gettext_lazy("Nama lain")),
        sel=_opd_sel,
        langkah=3,
        langkah_berikut="beranda",
    ),
}


def _lembar(nama: str) -> Lembar:
    return LEMBAR[nama]


def _url(lembar: Lembar, penyiapan: bool, akhiran: str = "") -> str:
    awalan = "gugus_tugas:penyiapan_" if penyiapan else "gugus_tugas:"
    return reverse(f"{awalan}{lembar.nama}{'_impor' if not penyiapan else ''}{akhiran}")


def _session_key(lembar: Lembar) -> str:
    return f"lembar_{lembar.nama}"


def _context(lembar: Lembar, penyiapan: bool, **extra) -> dict:
    return {
        "lembar": lembar,
        "penyiapan": penyiapan,
        "langkah": lembar.langkah if penyiapan else None,
        "url_unggah": _url(lembar, penyiapan),
        "url_simpan": _url(lembar, penyiapan, "_simpan"),
        "url_templat": reverse(f"gugus_tugas:{lembar.nama}_templat"),
        "url_lewati": reverse(lembar.langkah_berikut),
        **extra,
    }


@permission_required(KELOLA_DATA_DAERAH, raise_exception=True)
def lembar_import_view(request, lembar: str, penyiapan: bool = False):
    """Upload a wilayah or OPD sheet; it is checked and kept for the preview, nothing is saved yet."""
    item = _lembar(lembar)
    form = LembarDaerahForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        hasil = item.check(berkas=form.cleaned_data["berkas"])
        request.session[_session_key(item)] = hasil.to_dict()
        return redirect(_url(item, penyiapan, "_pratinjau"))
    return render(request, "gugus_tugas/lembar_impor.html", _context(item, penyiapan, form=form))


@permission_required(KELOLA_DATA_DAERAH, raise_exception=True)
def lembar_import_preview(request, lembar: str, penyiapan: bool = False):
    """The checked sheet page by page: the problems grouped by kind, or every row that will be saved."""
    item = _lembar(lembar)
    data = request.session.get(_session_key(item))
    if data is None:
        messages.info(request, _("Belum ada berkas yang diperiksa; unggah berkasnya dulu."))
        context = _context(item, penyiapan, form=LembarDaerahForm())
        return render(request, "gugus_tugas/lembar_impor.html", context)
    hasil = HasilLembar.from_dict(data)
    tampil = hasil.baris if hasil.sah else hasil.baris_salah
    if item.nama == "wilayah":
        tampil = sorted(tampil, key=lambda b: (b.kode, b.nomor))
    page = Paginator(tampil, BARIS_PER_HALAMAN).get_page(request.GET.get("page"))
    rows = [
        {
            "baris": b,
            "sel": item.sel(b),
            "kelompok": item.nama == "wilayah" and b.jenis == Wilayah.Jenis.KECAMATAN,
        }
        for b in page
    ]
    jumlah_baru = sum(1 for b in hasil.baris if b.baru)
    context = _context(
        item,
        penyiapan,
        hasil=hasil,
        page=page,
        rows=rows,
        masalah=hasil.masalah_list(),
        jumlah_baru=jumlah_baru,
        jumlah_diperbarui=len(hasil.baris) - jumlah_baru,
    )
    return render(request, "gugus_tugas/lembar_pratinjau.html", context)


@require_POST
@permission_required(KELOLA_DATA_DAERAH, raise_exception=True)
def lembar_import_submit(request, lembar: str, penyiapan: bool = False):
    """Save every row of the checked sheet, or none."""
    item = _lembar(lembar)
    data = request.session.get(_session_key(item))
    if data is None:
        messages.error(request, _("Hasil pemeriksaan tidak ditemukan atau sudah disimpan; unggah berkasnya lagi."))
        return redirect(_url(item, penyiapan))
    try:
        jumlah = item.save(baris=HasilLembar.from_dict(data).baris, by=request.user)
    except ValidationError as error:
        messages.error(request, _("Tidak ada yang disimpan. %(pesan)s") % {"pesan": " ".join(error.messages)})
        return redirect(_url(item, penyiapan))
    del request.session[_session_key(item)]
    messages.success(
        request,
        _("%(judul)s tersimpan: %(baru)s baru, %(diperbarui)s diperbarui.") % {"judul": item.label, **jumlah},
    )
    return redirect(item.langkah_berikut if penyiapan else "gugus_tugas:index")


@permission_required(KELOLA_DATA_DAERAH, raise_exception=True)
def lembar_template_download(_request, lembar: str):
    """The sheet to fill in, with what is stored already, so a region edits and uploads it again."""
    item = _lembar(lembar)
    response = HttpResponse(item.template(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{item.nama_berkas}"'
    return response
