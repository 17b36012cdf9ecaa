"""The dashboard per role: what each reader of "/" needs, read through the lower apps' selectors."""

import functools
import logging
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from uuid import uuid4

from django.contrib.auth.context_processors import PermWrapper
from django.core.cache import cache
from django.template.defaultfilters import floatformat
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, get_format, localize
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from core.templatetags.kla_format import rupiah, skor
from gugus_tugas.models import Peran, User
from gugus_tugas.selectors import rapat_mendatang_list, tindak_lanjut_terlambat_get
from kasus.selectors import statistik_kasus_get
from rad_kla.selectors import (
    StatusProgres,
    kelengkapan_laporan_list,
    periode_tahun_list,
    progres_jumlah,
    rekap_klaster,
    rencana_saya,
    rencana_teratas_list,
)

from .selectors import beranda_ringkasan_get, penilaian_ringkasan_get

logger = logging.getLogger(__name__)

JUMLAH_SELISIH = 6
JUMLAH_DAFTAR = 5
AKSI_PER_INDIKATOR = 3


def _periode_acuan(tahun: int):
    """The latest period of the year whose reporting deadline has passed, else the year's first one."""
    hari_ini = timezone.localdate()
    periode = periode_tahun_list(tahun=tahun)
    lewat = [p for p in periode if p.batas_lapor < hari_ini]
    if lewat:
        return max(lewat, key=lambda p: (p.selesai, p.nomor))
    return min(periode, key=lambda p: (p.selesai, p.nomor)) if periode else None


def _aksi_per_indikator(*, tahun: int, indikator_ids: list[int]) -> tuple[dict, dict]:
    """Up to AKSI_PER_INDIKATOR actions of each indicator with their progress, and each one's action count."""
    grouped, jumlah = defaultdict(list), {}
    for item in rencana_teratas_list(tahun=tahun, indikator_ids=indikator_ids, jumlah=AKSI_PER_INDIKATOR):
        grouped[item.indikator_id].append(item)
        jumlah[item.indikator_id] = item.jumlah_aksi
    return grouped, jumlah


def _grafik_skala(penilaian) -> dict:
    return {
        "skor": float(penilaian.skor_total),
        "didukung": float(penilaian.skor_didukung),
        "target": float(penilaian.target.skor_minimum) if penilaian.target else None,
        "ambang": [{"nama": p.nama, "mulai": float(p.skor_minimum)} for p in penilaian.predikat_list],
    }


def _grafik_rad(rekap) -> dict:
    return {
        "labels": [r.klaster.nama for r in rekap],
        "capaian": [round(r.capaian_persen, 1) if r.capaian_persen is not None else None for r in rekap],
        "serapan": [round(r.serapan_persen, 1) if r.serapan_persen is not None else None for r in rekap],
    }


# The dashboard's tables are drawn here, once per row: the template engine would spend several times as
# much on the same cells (a lookup, filter and localisation each). Every value is escaped by format_html.
# Each progress badge is drawn once per status and language by the RAD's own badge template and kept.

# Each cell names its column (data-label), so below 576 px a row reads as a card (.tabel-kartu).
_BARIS_SELISIH = (
    '\n      <tr><td data-label="{l_indikator}"><a href="{url}">{nama}</a>{tanpa_bukti}</td>\n'
    '        <td class="text-end text-nowrap" data-label="{l_skor}">{skor} / {bobot}</td>\n'
    '        <td class="text-end fw-semibold" data-label="{l_selisih}">{selisih}</td>\n'
    '        <td class="small" data-label="{l_aksi}">{aksi}\n'
    '          <a href="{rad_url}">{jumlah_aksi} →</a></td></tr>\n    '
)
_BARIS_KELENGKAPAN = (
    '<tr><td data-label="{l[0]}">{}</td><td class="text-end" data-label="{l[1]}">{}</td>'
    '<td class="text-end" data-label="{l[2]}">{}</td><td class="text-end" data-label="{l[3]}">{}</td>'
    '<td class="text-end" data-label="{l[4]}">{}</td></tr>\n      '
)


def _persen(value: float | None, decimals: int, pemisah: str) -> str:
    """What `value|floatformat:decimals` then "%" prints, without the filter's general machinery.

    pemisah: the active language's decimal separator; from 1000 on, the filter's digit grouping applies.
    """
    if value is None:
        return "–"
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    if abs(rounded) >= 1000:
        return f"{floatformat(value, decimals)}%"
    if not rounded:
        rounded = abs(rounded)  # the filter never prints "-0"
    return f"{str(rounded).replace('.', pemisah)}%"


@functools.cache
def _badge(status: str, bahasa: str) -> str:  # noqa: ARG001 - the language is part of the kept badge's key
    """A progress badge as the RAD's own template draws it, in the active language `bahasa`."""
    return mark_safe(get_template("rad_kla/_progres_badge.html").render({"status": status}))  # noqa: S308


def _selisih_html(selisih: list[tuple], tahun: int) -> str:
    """The rows of the gap table, with each indicator's first actions and a link to all of them."""
    bahasa = get_language()
    pemisah = get_format("DECIMAL_SEPARATOR")
    rad_url = reverse("rad_kla:index")
    tanpa_bukti = format_html('<br><span class="badge text-bg-warning">{}</span>', _("tanpa bukti"))
    label = {
        "l_indikator": _("Indikator"),
        "l_skor": _("Skor / bobot"),
        "l_selisih": _("Selisih"),
        "l_aksi": _("Rencana aksi RAD dan OPD"),
    }
    belum_aksi = format_html('<span class="text-muted">{}</span>', _("Belum ada rencana aksi."))
    rows = []
    for b, aksi, jumlah_aksi in selisih:
        baris_aksi = []
        for r in aksi:
            capaian = f" {_persen(r.capaian_persen, 0, pemisah)}" if r.capaian_persen is not None else ""
            baris_aksi.append(
                format_html(
                    "<div>{} · {} · {}{}</div>", r.kode, r.opd_singkatan, _badge(r.status_progres, bahasa), capaian
                )
            )
        rows.append(
            format_html(
                _BARIS_SELISIH,
                url=reverse("evaluasi:indikator", args=[tahun, b.indikator.pk]),
                nama=f"{b.indikator.kode}. {b.indikator.nama}",
                tanpa_bukti=tanpa_bukti if b.terisi and not b.didukung else "",
                skor=skor(b.skor),
                bobot=skor(b.indikator.bobot),
                selisih=skor(b.selisih),
                aksi=mark_safe("".join(baris_aksi)) if baris_aksi else belum_aksi,  # noqa: S308 - format_html rows
                rad_url=f"{rad_url}?indikator={b.indikator.pk}",
                **label,
                jumlah_aksi=ngettext("%(n)s aksi RAD", "%(n)s aksi RAD", jumlah_aksi) % {"n": localize(jumlah_aksi)},
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - format_html rows


def _rad_baris(rad: list) -> list[dict]:
    pemisah = get_format("DECIMAL_SEPARATOR")
    return [
        {
            "nama": r.klaster.nama,
            "jumlah_aksi": localize(r.jumlah_aksi),
            "capaian": _persen(r.capaian_persen, 1, pemisah),
            "pagu": rupiah(r.pagu),
            "serapan": _persen(r.serapan_persen, 1, pemisah),
        }
        for r in rad
    ]


def _angka(n: int) -> str:
    return str(n) if -1000 < n < 1000 else localize(n)  # grouping starts at 1000


def _kelengkapan_html(kelengkapan: list[dict]) -> str:
    """The rows of the completeness table: one per OPD, so the dashboard's longest table."""
    pemisah = get_format("DECIMAL_SEPARATOR")
    label = [escape(t) for t in (_("OPD"), _("Wajib"), _("Dilaporkan"), _("Tepat waktu"), "%")]
    rows = [
        _BARIS_KELENGKAPAN.format(
            escape(k["opd__singkatan"]),
            _angka(k["wajib"]),
            _angka(k["dilaporkan"]),
            _angka(k["tepat_waktu"]),
            _persen(k["kelengkapan_persen"], 0, pemisah),
            l=label,
        )
        for k in kelengkapan
    ]
    return mark_safe("".join(rows))  # noqa: S308 - the OPD's name is escaped, the rest are figures


def _terlambat_get(*, user: User, klaster_id: int | None) -> tuple[list[dict], int]:
    """The first JUMLAH_DAFTAR overdue follow-ups the reader may open, formatted, and how many there are."""
    rows, jumlah = tindak_lanjut_terlambat_get(user=user, jumlah=JUMLAH_DAFTAR, klaster_id=klaster_id)
    baris = [
        {
            "url": reverse("gugus_tugas:tindak_lanjut_detail", args=[t["pk"]]),
            "uraian": Truncator(t["uraian"]).chars(80),
            "opd": t["opd__singkatan"],
            "batas": date_format(t["batas_waktu"], "DATE_FORMAT"),
        }
        for t in rows
    ]
    return baris, jumlah


def _rapat_mendatang() -> list[dict]:
    return [
        {
            "url": reverse("gugus_tugas:rapat_detail", args=[r["pk"]]),
            "judul": r["judul"],
            "mulai": date_format(timezone.localtime(r["mulai"]), "DATE_FORMAT"),
            "tempat": r["tempat"],
        }
        for r in rapat_mendatang_list(jumlah=JUMLAH_DAFTAR)
    ]


def beranda_context(*, user: User, tahun: int) -> dict:
    """Context of the dashboard; the number of queries depends on the role, never on the data size."""
    ringkasan = beranda_ringkasan_get(tahun=tahun)
    context = {"tahun": tahun, "ringkasan": ringkasan, "user": user, "perms": PermWrapper(user)}
    peran = getattr(user, "peran", "")
    if peran in (Peran.ADMIN_SEKRETARIAT, Peran.PIMPINAN, Peran.KOORDINATOR_KLASTER):
        klaster_id = user.klaster_id if peran == Peran.KOORDINATOR_KLASTER else None
        penilaian = penilaian_ringkasan_get(tahun=tahun, klaster_id=klaster_id, ringkasan=ringkasan)
        selisih = penilaian.selisih_terbesar(JUMLAH_SELISIH)
        aksi, jumlah_aksi = _aksi_per_indikator(tahun=tahun, indikator_ids=[b.indikator.pk for b in selisih])
        selisih = [(b, aksi.get(b.indikator.pk, []), jumlah_aksi.get(b.indikator.pk, 0)) for b in selisih]
        rad = rekap_klaster(tahun=tahun)
        if klaster_id:
            rad = [r for r in rad if r.klaster.pk == klaster_id]
        periode = _periode_acuan(tahun)
        terlambat, jumlah_terlambat = _terlambat_get(user=user, klaster_id=klaster_id)
        context.update(
            {
                "pimpinan_view": True,
                "klaster_saya": user.klaster if klaster_id else None,
                "penilaian": penilaian,
                "selisih": selisih,
                "selisih_html": _selisih_html(selisih, tahun),
                "rad_baris": _rad_baris(rad),
                "grafik_skala": _grafik_skala(penilaian),
                "grafik_rad": _grafik_rad(rad),
                "periode": periode,
                "kelengkapan_html": _kelengkapan_html(kelengkapan_laporan_list(periode=periode) if periode else []),
                "tindak_lanjut_terlambat": terlambat,
                "jumlah_terlambat": jumlah_terlambat,
                "rapat_mendatang": _rapat_mendatang(),
            }
        )
        if user.has_perm("kasus.lihat_statistik"):
            statistik = statistik_kasus_get(tahun=tahun, rinci=False)
            context["kasus_tren"] = statistik.tabel_tahunan
            context["kasus_terlayani"] = statistik.persen_terlayani
    elif peran == Peran.OPERATOR_OPD:
        rencana = rencana_saya(user=user, tahun=tahun)
        status = progres_jumlah(tahun=tahun, opd_id=user.opd_id) if user.opd_id else {}
        context.update(
            {
                "rencana_saya": list(rencana[:10]),
                "jumlah_rencana": sum(status.values()),
                "status_saya": [(StatusProgres.LABELS[k], status.get(k, 0), k) for k in StatusProgres.LABELS],
                "status_labels": StatusProgres.LABELS,
            }
        )
    return context


# The dashboard's content is kept for a short while per reader, and dropped as soon as a record of
# an app that reader's dashboard reads is saved or deleted (a new version token per app). Bulk writes
# send no signal: the short lifetime bounds how long such a change can stay unseen.
BERANDA_SIMPAN_DETIK = 60
_VERSI_KEY = "beranda:versi:{app}"
APP_SUMBER = frozenset({"klaster", "gugus_tugas", "rad_kla", "kasus", "evaluasi"})
# What each role's dashboard reads (the summary reads klaster and gugus_tugas for everyone); a role
# not listed reads every app.
AREA_PERAN = {Peran.OPERATOR_OPD: ("klaster", "gugus_tugas", "rad_kla")}
# Written on reads or by the report machinery; none of them changes what the dashboard shows.
MODEL_DIABAIKAN = frozenset({"kasus.akseslog", "evaluasi.laporanjob", "rad_kla.progrestahunan"})


def _cache(method: str, *args, default=None, **kwargs):
    """A cache call that never fails the request: without the cache the dashboard is only slower."""
    try:
        return getattr(cache, method)(*args, **kwargs)
    except Exception as exc:  # any cache outage (Redis down, timeout) degrades to a miss
        # One line per failed call: during an outage every request fails here, a traceback each would flood the log.
        logger.warning("Cache beranda tidak tersedia (%s): %s: %s", method, type(exc).__name__, exc)
        return default


def beranda_grafik_check(*, user: User) -> bool:
    return getattr(user, "peran", "") in (Peran.ADMIN_SEKRETARIAT, Peran.PIMPINAN, Peran.KOORDINATOR_KLASTER)


def beranda_kunci(*, user: User, tahun: int, bahasa: str) -> str | None:
    """The key of one reader's dashboard for the versions of the apps it reads and the day; None without a cache."""
    keys = [_VERSI_KEY.format(app=app) for app in AREA_PERAN.get(getattr(user, "peran", ""), sorted(APP_SUMBER))]
    versi = _cache("get_many", keys)
    if versi is None:
        return None
    missing = {key: uuid4().hex for key in keys if key not in versi}
    if missing:
        # add(): two first readers of a fresh cache agree on the token that is kept.
        for key, token in missing.items():
            _cache("add", key, token, timeout=None)
        versi = _cache("get_many", keys)
        if versi is None or len(versi) < len(keys):
            return None
    tokens = ".".join(versi[key][:12] for key in keys)
    return f"beranda:{tokens}:{user.pk}:{tahun}:{bahasa}:{timezone.localdate().isoformat()}"


def beranda_get(kunci: str | None) -> str | None:
    return _cache("get", kunci) if kunci else None


def beranda_set(kunci: str | None, isi: str) -> None:
    if kunci:
        _cache("set", kunci, isi, timeout=BERANDA_SIMPAN_DETIK)


def beranda_expire(sender=None, **kwargs) -> None:
    """Signal receiver: a save or delete in a domain app makes the kept dashboards that read that app stale."""
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in APP_SUMBER or meta.label_lower in MODEL_DIABAIKAN:
        return
    if meta.model_name.startswith("historical"):
        return  # written together with the record it describes, whose own save already counted
    if kwargs.get("update_fields") and set(kwargs["update_fields"]) <= {"last_login", "password"}:
        return  # a login (or a rehashed password) changes nothing the dashboard shows
    _cache("set", _VERSI_KEY.format(app=meta.app_label), uuid4().hex, timeout=None)
