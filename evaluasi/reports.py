"""The report kinds: parameter checks, the data each PDF shows (through lower apps' selectors), rendering."""

import logging
from collections.abc import Collection

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.pdf import html_to_pdf, pdf_join, pdf_pages_count
from gugus_tugas.merek import merek_from_profil
from gugus_tugas.models import OPD, Rapat, User
from gugus_tugas.selectors import opd_get, profil_daerah_get, rapat_get, rapat_list, tindak_lanjut_list
from kasus.selectors import statistik_kasus_get
from klaster.models import Klaster
from klaster.selectors import klaster_get
from rad_kla.models import PeriodePelaporan
from rad_kla.selectors import (
    StatusProgres,
    kelengkapan_laporan_list,
    laporan_periode_set,
    periode_get,
    rekap_klaster,
    rekap_tahun,
    rencana_list,
)

from . import charts
from .models import LaporanJob
from .selectors import penilaian_ringkasan_get, penilaian_riwayat_list

logger = logging.getLogger(__name__)

TAHUN_MIN = 2000
TAHUN_MAKS = 2100
# Rows of an OPD appendix laid out per WeasyPrint pass: a pass holds its whole layout (about 0.15 MB
# a row) until it is written, so this bounds the report's memory whatever the size of the region.
LAMPIRAN_BARIS = 600
# A region's or a cluster's appendices list every action up to this many in the scope, beyond it those
# not on target only (PERLU_TINDAK_LANJUT; see laporan_rad_pdf).
RINCIAN_LENGKAP_MAKS = 2000
PERLU_TINDAK_LANJUT = frozenset(
    {StatusProgres.PERHATIAN, StatusProgres.TERLAMBAT, StatusProgres.BELUM_LAPOR, StatusProgres.TANPA_TARGET}
)


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
    profil = profil_daerah_get()
    return {"profil": profil, "merek": merek_from_profil(profil), "judul": judul, "dibuat_pada": timezone.localtime()}


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


def _rad_lingkup(
    *,
    tahun: int,
    klaster: int | None,
    opd: int | None,
    bulan: str | None,
    periode: PeriodePelaporan | None,
    opd_ids: Collection[int],
    klaster_ids: Collection[int] = (),
) -> dict:
    """The RAD report's roll-ups for its scope: per cluster, per OPD, reporting completeness, the chart.

    opd_ids are the OPDs that have actions in the scope; klaster_ids the clusters of one OPD's actions.
    """
    per_klaster, per_opd = rekap_tahun(tahun=tahun)
    cakupan = _("Seluruh daerah")
    if klaster:
        cakupan = klaster_get(pk=klaster).nama
        per_klaster = [r for r in per_klaster if r.klaster.pk == klaster]
        per_opd = [r for r in per_opd if r["opd_id"] in opd_ids]
    if opd:
        cakupan = opd_get(pk=opd).nama
        per_opd = [r for r in per_opd if r["opd_id"] == opd]
        per_klaster = [r for r in per_klaster if r.klaster.pk in klaster_ids]
    kelengkapan = []
    if periode:
        kelengkapan = [r for r in kelengkapan_laporan_list(periode=periode) if r["opd_id"] in opd_ids]
    return {
        **_common(_("Laporan Kemajuan Rencana Aksi Daerah KLA")),
        "tahun": tahun,
        "bulan": bulan,
        "periode": periode,
        "kelengkapan": kelengkapan,
        "cakupan": cakupan,
        "per_klaster": per_klaster,
        "per_opd": per_opd,
        # Translated once here rather than once per row of the action tables.
        "status_pilihan": [(key, _(text)) for key, text in StatusProgres.LABELS.items()],
        "grafik_rad": charts.capaian_serapan_svg(
            labels=[r.klaster.nama for r in per_klaster],
            capaian=[r.capaian_persen for r in per_klaster],
            serapan=[r.serapan_persen for r in per_klaster],
        )
        if per_klaster
        else "",
    }


class _RadJumlah:
    """The summary's counts over the actions shown, added up one OPD at a time."""

    def __init__(self) -> None:
        self.status = dict.fromkeys(StatusProgres.LABELS, 0)
        self.aksi = self.pagu = self.anggaran = 0

    def add(self, rencana: list) -> None:
        for item in rencana:
            self.status[item.status_progres] = self.status.get(item.status_progres, 0) + 1
            self.pagu += item.pagu_tahun or 0
            self.anggaran += item.anggaran_tahun or 0
        self.aksi += len(rencana)

    def context(self) -> dict:
        return {
            "jumlah_aksi": self.aksi,
            "status_rekap": [(StatusProgres.LABELS[k], v) for k, v in self.status.items()],
            "total_pagu": self.pagu,
            "total_anggaran": self.anggaran,
        }


def _rad_periode(periode: int | None) -> PeriodePelaporan | None:
    return _get_or_none(periode_get, PeriodePelaporan.DoesNotExist, periode) if periode else None


def _rad_rencana_qs(*, tahun: int, klaster: int | None, opd: int | None):
    # The OPD is also filtered here: rencana_list ignores an OPD filter it finds invalid (an OPD made
    # inactive), and the report of that OPD must still hold its actions only.
    qs = rencana_list(user=None, published_only=True, tahun=tahun, filters={"klaster": klaster, "opd": opd})
    return qs.filter(opd_id=opd) if opd else qs


def _rad_rencana(*, tahun: int, klaster: int | None, opd: int | None, periode: PeriodePelaporan | None) -> list:
    rencana = list(_rad_rencana_qs(tahun=tahun, klaster=klaster, opd=opd))
    if periode:
        # Submitted and verified reports only: a draft is not yet reported.
        laporan_periode_set(rencana=rencana, periode=periode, published_only=True)
    return rencana


def rad_context(
    *,
    tahun: int,
    klaster: int | None = None,
    opd: int | None = None,
    bulan: str | None = None,
    periode: int | None = None,
) -> dict:
    """The RAD progress report in one piece (every action listed in it): one OPD, or a small scope.

    With a period it also lists what each action reported for that period and each OPD's reporting
    completeness for it.
    """
    periode_obj = _rad_periode(periode)
    rencana = _rad_rencana(tahun=tahun, klaster=klaster, opd=opd, periode=periode_obj)
    jumlah = _RadJumlah()
    jumlah.add(rencana)
    lingkup = _rad_lingkup(
        tahun=tahun,
        klaster=klaster,
        opd=opd,
        bulan=bulan,
        periode=periode_obj,
        opd_ids={r.opd_id for r in rencana},
        klaster_ids={r.indikator.klaster_id for r in rencana},
    )
    return {**lingkup, **jumlah.context(), "rencana": rencana}


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
    """The RAD progress report: of one OPD every action, of a cluster or the region the actions needing attention.

    Laid out in one pass, a region's report held every page in memory at once (2.4 GB at scale 100),
    so the summary (roll-ups per cluster and OPD, status counts, an index of the appendices) and each
    OPD's appendix are rendered one by one, in passes of at most LAMPIRAN_BARIS rows, and joined. One
    OPD's report is one pass while its actions fit in one, else the same summary and one appendix.

    Product decision: once a region or a cluster has more than RINCIAN_LENGKAP_MAKS actions, its
    appendices list only those not on target (PERLU_TINDAK_LANJUT); those on target are counted in the
    summary and its index. Listing all 12,200 actions of the demo at scale 100 took 80 s of CPU
    for 450 pages that nobody reads; what leaders need is the roll-ups and the actions to follow up.
    The full list of an OPD's actions is that OPD's own report (opd=...), which stays complete.
    """
    with translation.override(settings.LANGUAGE_CODE):
        if opd and _rad_rencana_qs(tahun=tahun, klaster=None, opd=opd).count() <= LAMPIRAN_BARIS:
            context = rad_context(tahun=tahun, opd=opd, bulan=bulan, periode=periode)
            return html_to_pdf(render_to_string("evaluasi/pdf/rad.html", context))
        return _rad_gabungan_pdf(tahun=tahun, klaster=klaster, opd=opd, bulan=bulan, periode=_rad_periode(periode))


def _rad_gabungan_pdf(
    *, tahun: int, klaster: int | None, opd: int | None, bulan: str | None, periode: PeriodePelaporan | None
) -> bytes:
    """The summary, then one appendix per OPD with actions in the scope (in the per-OPD table's order), joined.

    One OPD's actions and at most LAMPIRAN_BARIS rows of layout are held at a time. The summary comes
    first but is rendered last, when the appendices' pages and counts are known; a first rendering
    with placeholders gives its length, from which the appendices are numbered.
    """
    qs = _rad_rencana_qs(tahun=tahun, klaster=klaster, opd=opd).order_by()
    opd_ids = set(qs.values_list("opd_id", flat=True).distinct())
    klaster_ids = set(qs.values_list("indikator__klaster_id", flat=True).distinct()) if opd else ()
    lingkup = _rad_lingkup(
        tahun=tahun, klaster=klaster, opd=opd, bulan=bulan, periode=periode, opd_ids=opd_ids, klaster_ids=klaster_ids
    )
    lingkup["semua"] = bool(opd) or qs.count() <= RINCIAN_LENGKAP_MAKS
    if opd:
        # Named here, not from the per-OPD table: the report of an OPD made inactive still has its appendix.
        lampiran = [{"nomor": 1, "opd_id": opd, "nama": lingkup["cakupan"]}]
    else:
        urut = (r for r in lingkup["per_opd"] if r["opd_id"] in opd_ids)
        lampiran = [{"nomor": n, "opd_id": r["opd_id"], "nama": r["opd__nama"]} for n, r in enumerate(urut, start=1)]
    for item in lampiran:
        item["jumlah_aksi"] = item["jumlah_rinci"] = 0
    jumlah = _RadJumlah()
    # The placeholders are as wide as real figures can be, so the real summary is not longer.
    placeholder = {"halaman_awal": 99999, "halaman_akhir": 99999, "jumlah_aksi": 99999, "jumlah_rinci": 99999}
    draft = _rad_ringkasan_pdf(lingkup, jumlah, [{**item, **placeholder} for item in lampiran], halaman_total=99999)
    halaman = halaman_ringkasan = pdf_pages_count(draft)
    del draft
    bagian = []
    for item in lampiran:
        item["halaman_awal"] = halaman + 1
        for index, (content, pages) in enumerate(
            _rad_lampiran_pdf(lingkup, jumlah, item, klaster=klaster, halaman=halaman)
        ):
            halaman += pages
            bagian.append((content, f"4.{item['nomor']} {item['nama']}" if index == 0 else None))
        item["halaman_akhir"] = halaman
    ringkasan = _rad_ringkasan_pdf(lingkup, jumlah, lampiran, halaman_total=halaman)
    kosong = halaman_ringkasan - pdf_pages_count(ringkasan)
    if kosong < 0:
        logger.warning(
            "Ringkasan laporan RAD %d halaman lebih panjang dari perkiraan: nomor lampiran bergeser.", -kosong
        )
    return pdf_join([(ringkasan, _("Ringkasan")), *bagian], blank_after_first=max(kosong, 0))


def _rad_ringkasan_pdf(lingkup: dict, jumlah: _RadJumlah, lampiran: list[dict], *, halaman_total: int) -> bytes:
    context = {**lingkup, **jumlah.context(), "gabungan": True, "lampiran": lampiran, "halaman_total": halaman_total}
    return html_to_pdf(render_to_string("evaluasi/pdf/rad.html", context))


def _rad_lampiran_pdf(lingkup: dict, jumlah: _RadJumlah, item: dict, *, klaster: int | None, halaman: int):
    """One OPD's appendix, as the PDF and page count of each of its passes (the actions, then with a
    period what each reported).

    Its actions are read once and all counted into `jumlah`; unless lingkup["semua"], only those not
    on target are listed. `halaman` is the page before the appendix.
    """
    periode = lingkup["periode"]
    rencana = _rad_rencana(tahun=lingkup["tahun"], klaster=klaster, opd=item["opd_id"], periode=periode)
    jumlah.add(rencana)
    item["jumlah_aksi"] = len(rencana)
    if not lingkup["semua"]:
        rencana = [r for r in rencana if r.status_progres in PERLU_TINDAK_LANJUT]
    item["jumlah_rinci"] = len(rencana)
    pertama = True
    for bagian in ("rincian", "periode") if periode and rencana else ("rincian",):
        # An appendix with nothing to list still has its page, which says so.
        for start in range(0, max(len(rencana), 1), LAMPIRAN_BARIS):
            context = {
                **lingkup,
                "lampiran": item,
                "rencana": rencana[start : start + LAMPIRAN_BARIS],
                "bagian": bagian,
                "pertama": pertama,
                "lanjutan": start > 0,
                "halaman_awal": halaman + 1,
            }
            content = html_to_pdf(render_to_string("evaluasi/pdf/rad_lampiran.html", context))
            pages = pdf_pages_count(content)
            halaman += pages
            pertama = False
            yield content, pages


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
