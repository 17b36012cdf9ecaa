"""What each reader of the dashboard must do now: the to-do list above the figures, per role and per user."""

import datetime
import logging
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.queries import count_subquery, sql_in, sql_rows
from core.templatetags.kla_format import skor
from gugus_tugas.models import OPD, Peran, Rapat, TindakLanjut, User
from gugus_tugas.selectors import HARI_MENJELANG_BATAS, rapat_visible
from rad_kla.models import BuktiDukung, PeriodePelaporan, Realisasi, RencanaAksi, TargetTahunan
from rad_kla.progres import DILAPORKAN
from rad_kla.scopes import realisasi_visible

from .selectors import penilaian_ringkasan_get

logger = logging.getLogger(__name__)

JUMLAH_RINCIAN = 5
SESI_SEJAK = "beranda_sejak"
HARI_TANPA_KUNJUNGAN = 7
DETIK_KUNJUNGAN = 180 * 24 * 3600


@dataclass
class Rincian:
    teks: str
    url: str
    keterangan: str = ""
    tanda: str = ""  # a short warning badge, e.g. "tanpa bukti"


@dataclass
class Tugas:
    kunci: str  # data-testid of the item
    judul: str
    url: str
    keterangan: str = ""
    tingkat: str = "warning"  # Bootstrap colour of the item's edge: danger (late), warning (due), info (news)
    rincian: list[Rincian] = field(default_factory=list)


@dataclass
class TugasSaya:
    tampil: bool  # the role has a to-do list at all
    daftar: list[Tugas]
    notifikasi: bool = False  # the list ends with the unread notifications, which the layout counts already


def _tanggal(value: datetime.date | str) -> str:
    # A date read by a fixed statement is text on SQLite (the embedded setup of `make run`).
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    return date_format(value, "DATE_FORMAT")


def _terlambat(batas: datetime.date, hari_ini: datetime.date) -> str:
    """'batas 6 November 2025' or 'terlambat 3 hari (batas …)'."""
    hari = (hari_ini - batas).days
    if hari > 0:
        return ngettext(
            "terlambat %(hari)d hari (batas %(batas)s)", "terlambat %(hari)d hari (batas %(batas)s)", hari
        ) % {
            "hari": hari,
            "batas": _tanggal(batas),
        }
    return _("batas %(batas)s") % {"batas": _tanggal(batas)}


def _realisasi_dikembalikan(user: User) -> Tugas | None:
    rows = list(
        realisasi_visible(user=user)
        .filter(status=Realisasi.Status.DIKEMBALIKAN, rencana_aksi__opd_id=user.opd_id)
        .select_related("rencana_aksi", "periode")
        .annotate(jumlah=Window(Count("*")))
        .order_by("diperiksa_pada", "pk")[:JUMLAH_RINCIAN]
    )
    if not rows:
        return None
    jumlah = rows[0].jumlah
    return Tugas(
        kunci="tugas-dikembalikan",
        judul=ngettext("%(n)d realisasi dikembalikan", "%(n)d realisasi dikembalikan", jumlah) % {"n": jumlah},
        url=reverse("rad_kla:realisasi_isi", args=[rows[0].rencana_aksi_id, rows[0].periode_id])
        if jumlah == 1
        else reverse("rad_kla:saya"),
        keterangan=_("Perbaiki sesuai catatan verifikator lalu ajukan kembali."),
        tingkat="danger",
        rincian=[
            Rincian(
                teks=f"{r.rencana_aksi.kode} · {r.periode.label}",
                url=reverse("rad_kla:realisasi_isi", args=[r.rencana_aksi_id, r.periode_id]),
                keterangan=Truncator(r.catatan_verifikator).chars(80),
            )
            for r in rows
        ],
    )


def _periode_belum_dilaporkan(user: User, hari_ini: datetime.date) -> list[Tugas]:
    """Each open period with the OPD's actions that have a target that year and no submitted or verified report."""
    belum = (
        RencanaAksi.objects.filter(opd_id=user.opd_id, aktif=True)
        .filter(Exists(TargetTahunan.objects.filter(rencana_aksi=OuterRef("pk"), tahun=OuterRef(OuterRef("tahun")))))
        .exclude(
            Exists(
                Realisasi.objects.filter(
                    rencana_aksi=OuterRef("pk"), periode=OuterRef(OuterRef("pk")), status__in=DILAPORKAN
                )
            )
        )
    )
    # Every counted action is of the user's OPD: grouping by it gives one row, the count.
    jumlah = belum.order_by().values("opd_id").annotate(n=Count("*")).values("n")
    periode = (
        PeriodePelaporan.objects.filter(terbuka=True)
        .annotate(belum=Coalesce(Subquery(jumlah, output_field=IntegerField()), 0))
        .filter(belum__gt=0)
        .order_by("batas_lapor", "pk")
    )
    return [
        Tugas(
            kunci="tugas-periode",
            judul=ngettext(
                "%(n)d aksi belum dilaporkan untuk %(periode)s",
                "%(n)d aksi belum dilaporkan untuk %(periode)s",
                p.belum,
            )
            % {"n": p.belum, "periode": p.label},
            url=reverse("rad_kla:saya"),
            keterangan=_terlambat(p.batas_lapor, hari_ini),
            tingkat="danger" if p.batas_lapor < hari_ini else "warning",
        )
        for p in periode
    ]


def _tindak_lanjut_opd(user: User, hari_ini: datetime.date) -> Tugas | None:
    """The OPD's open follow-ups overdue or due within HARI_MENJELANG_BATAS days, most overdue first."""
    rows = list(
        TindakLanjut.objects.filter(rapat__in=rapat_visible(user=user), opd_id=user.opd_id)
        .exclude(status=TindakLanjut.Status.SELESAI)
        .filter(batas_waktu__lte=hari_ini + datetime.timedelta(days=HARI_MENJELANG_BATAS))
        .annotate(
            jumlah=Window(Count("*")),
            jumlah_terlambat=Window(Count("pk", filter=Q(batas_waktu__lt=hari_ini))),
        )
        .only("pk", "uraian", "batas_waktu")
        .order_by("batas_waktu", "pk")[:JUMLAH_RINCIAN]
    )
    if not rows:
        return None
    jumlah, terlambat = rows[0].jumlah, rows[0].jumlah_terlambat
    keterangan = (
        ngettext("%(n)d sudah lewat batas waktu", "%(n)d sudah lewat batas waktu", terlambat) % {"n": terlambat}
        if terlambat
        else ""
    )
    return Tugas(
        kunci="tugas-tindak-lanjut",
        judul=ngettext(
            "%(n)d tindak lanjut jatuh tempo dalam %(hari)d hari atau terlambat",
            "%(n)d tindak lanjut jatuh tempo dalam %(hari)d hari atau terlambat",
            jumlah,
        )
        % {"n": jumlah, "hari": HARI_MENJELANG_BATAS},
        url=reverse("gugus_tugas:tindak_lanjut_saya"),
        keterangan=keterangan,
        tingkat="danger" if terlambat else "warning",
        rincian=[
            Rincian(
                teks=Truncator(t.uraian).chars(80),
                url=reverse("gugus_tugas:tindak_lanjut_detail", args=[t.pk]),
                keterangan=_terlambat(t.batas_waktu, hari_ini),
            )
            for t in rows
        ],
    )


def tugas_operator_list(*, user: User) -> list[Tugas]:
    """An OPD operator's to-dos: returned reports, open periods to report, follow-ups due; three queries.

    The unread notifications are added by the template from the layout's count (TugasSaya.notifikasi).
    """
    hari_ini = timezone.localdate()
    daftar: list[Tugas] = []
    if user.opd_id is not None:
        daftar += [t for t in (_realisasi_dikembalikan(user),) if t]
        daftar += _periode_belum_dilaporkan(user, hari_ini)
        daftar += [t for t in (_tindak_lanjut_opd(user, hari_ini),) if t]
    return daftar


def tugas_koordinator_list(*, user: User) -> list[Tugas]:
    """A cluster coordinator's verification queue: how many wait, since when, the oldest few; one query."""
    if user.klaster_id is None:
        return []
    tanpa_bukti = ~Exists(BuktiDukung.objects.filter(realisasi=OuterRef("pk")))
    rows = list(
        realisasi_visible(user=user)
        .filter(status=Realisasi.Status.DIAJUKAN, rencana_aksi__indikator__klaster_id=user.klaster_id)
        .select_related("rencana_aksi__opd", "periode")
        .annotate(
            jumlah_bukti=count_subquery(BuktiDukung.objects.all(), "realisasi"),
            jumlah=Window(Count("*")),
            jumlah_tanpa_bukti=Window(Count("pk", filter=Q(tanpa_bukti))),
        )
        .order_by("diajukan_pada", "pk")[:JUMLAH_RINCIAN]
    )
    if not rows:
        return []
    jumlah, tanpa = rows[0].jumlah, rows[0].jumlah_tanpa_bukti
    tertua = rows[0].diajukan_pada
    keterangan = [_("terlama menunggu sejak %(tanggal)s") % {"tanggal": _tanggal(timezone.localtime(tertua))}]
    if tanpa:
        keterangan.append(ngettext("%(n)d tanpa bukti dukung", "%(n)d tanpa bukti dukung", tanpa) % {"n": tanpa})
    return [
        Tugas(
            kunci="tugas-verifikasi",
            judul=ngettext("%(n)d realisasi menunggu verifikasi", "%(n)d realisasi menunggu verifikasi", jumlah)
            % {"n": jumlah},
            url=reverse("rad_kla:verifikasi"),
            keterangan=" · ".join(keterangan),
            rincian=[
                Rincian(
                    teks=f"{r.rencana_aksi.kode} · {r.rencana_aksi.opd.singkatan} · {r.periode.label}",
                    url=reverse("rad_kla:realisasi_detail", args=[r.pk]),
                    keterangan=_("diajukan %(tanggal)s") % {"tanggal": _tanggal(timezone.localtime(r.diajukan_pada))}
                    if r.diajukan_pada
                    else "",
                    tanda=_("tanpa bukti") if not r.jumlah_bukti else "",
                )
                for r in rows
            ],
        )
    ]


def _opd_terlambat(hari_ini: datetime.date) -> Tugas | None:
    """Active OPDs with an action due in an open period whose deadline has passed and no report; one statement."""
    sql = f"""
        SELECT o.id, o.singkatan, COUNT(*) OVER ()
        FROM {OPD._meta.db_table} o
        WHERE o.aktif = %s AND EXISTS (
            SELECT 1 FROM {RencanaAksi._meta.db_table} r
            JOIN {TargetTahunan._meta.db_table} t ON t.rencana_aksi_id = r.id
            JOIN {PeriodePelaporan._meta.db_table} p ON p.tahun = t.tahun
            WHERE r.opd_id = o.id AND r.aktif = %s AND p.terbuka = %s AND p.batas_lapor < %s
                AND NOT EXISTS (
                    SELECT 1 FROM {Realisasi._meta.db_table} l
                    WHERE l.rencana_aksi_id = r.id AND l.periode_id = p.id AND l.status IN ({sql_in(DILAPORKAN)})
                )
        )
        ORDER BY o.singkatan, o.id
        LIMIT %s
    """  # noqa: S608 - table names from the models, values as parameters
    rows = sql_rows(sql, [True, True, True, hari_ini, *DILAPORKAN, JUMLAH_RINCIAN])
    if not rows:
        return None
    jumlah = rows[0][2]
    return Tugas(
        kunci="tugas-opd-terlambat",
        judul=ngettext("%(n)d OPD terlambat melapor", "%(n)d OPD terlambat melapor", jumlah) % {"n": jumlah},
        url=reverse("rad_kla:rekap"),
        keterangan=_("Periode pelaporan terbuka yang batas pelaporannya sudah lewat"),
        tingkat="danger",
        rincian=[Rincian(teks=singkatan, url=f"{reverse('rad_kla:index')}?opd={pk}") for pk, singkatan, _total in rows],
    )


def _rapat_belum_ditutup(hari_ini: datetime.date) -> Tugas | None:
    awal_hari = timezone.make_aware(datetime.datetime.combine(hari_ini, datetime.time()))
    rows = list(
        Rapat.objects.filter(status=Rapat.Status.TERJADWAL, mulai__lt=awal_hari)
        .annotate(jumlah=Window(Count("*")))
        .only("pk", "judul", "mulai")
        .order_by("mulai", "pk")[:JUMLAH_RINCIAN]
    )
    if not rows:
        return None
    jumlah = rows[0].jumlah
    return Tugas(
        kunci="tugas-rapat",
        judul=ngettext(
            "%(n)d rapat sudah lewat tanggalnya tetapi belum ditutup",
            "%(n)d rapat sudah lewat tanggalnya tetapi belum ditutup",
            jumlah,
        )
        % {"n": jumlah},
        url=f"{reverse('gugus_tugas:rapat')}?status={Rapat.Status.TERJADWAL}",
        keterangan=_("Lengkapi notulen dan kehadiran, lalu tutup rapat."),
        rincian=[
            Rincian(
                teks=r.judul,
                url=reverse("gugus_tugas:rapat_detail", args=[r.pk]),
                keterangan=_tanggal(timezone.localtime(r.mulai)),
            )
            for r in rows
        ],
    )


def _tindak_lanjut_terlambat_per_opd(hari_ini: datetime.date) -> Tugas | None:
    """Overdue follow-ups counted per owner OPD, the JUMLAH_RINCIAN OPDs with most first; one statement.

    The secretariat opens every meeting (rapat_visible), drafts included.
    """
    sql = f"""
        SELECT o.id, o.singkatan, COUNT(*) AS n, MIN(t.batas_waktu), SUM(COUNT(*)) OVER ()
        FROM {TindakLanjut._meta.db_table} t
        JOIN {OPD._meta.db_table} o ON o.id = t.opd_id
        WHERE t.batas_waktu < %s AND t.status <> %s
        GROUP BY o.id, o.singkatan
        ORDER BY n DESC, o.singkatan, o.id
        LIMIT %s
    """  # noqa: S608 - table names from the models, values as parameters
    rows = sql_rows(sql, [hari_ini, TindakLanjut.Status.SELESAI, JUMLAH_RINCIAN])
    if not rows:
        return None
    jumlah = int(rows[0][4])
    daftar = reverse("gugus_tugas:tindak_lanjut")
    return Tugas(
        kunci="tugas-tindak-lanjut-terlambat",
        judul=ngettext("%(n)d tindak lanjut terlambat", "%(n)d tindak lanjut terlambat", jumlah) % {"n": jumlah},
        url=f"{daftar}?terlambat=on",
        tingkat="danger",
        rincian=[
            Rincian(
                teks=singkatan,
                url=f"{daftar}?terlambat=on&opd={pk}",
                keterangan=ngettext("%(n)d terlambat", "%(n)d terlambat", n) % {"n": n}
                + " · "
                + _("paling lama sejak %(tanggal)s") % {"tanggal": _tanggal(tertua)},
            )
            for pk, singkatan, n, tertua, _total in rows
        ],
    )


def tugas_admin_list(*, user: User) -> list[Tugas]:  # noqa: ARG001 - the secretariat sees everything
    """The secretariat's to-dos: OPDs late for an open period, meetings to close, overdue follow-ups per OPD."""
    hari_ini = timezone.localdate()
    return [
        t
        for t in (_opd_terlambat(hari_ini), _rapat_belum_ditutup(hari_ini), _tindak_lanjut_terlambat_per_opd(hari_ini))
        if t
    ]


def tugas_pimpinan_list(*, user: User, tahun: int, sejak: datetime.datetime | None) -> list[Tugas]:
    """For a leader: the points still missing to the target predikat, and what was done since `sejak`."""
    daftar: list[Tugas] = []
    penilaian = penilaian_ringkasan_get(tahun=tahun)
    if penilaian.target is not None and penilaian.kurang:
        daftar.append(
            Tugas(
                kunci="tugas-target",
                judul=_("Kurang %(poin)s poin menuju %(predikat)s")
                % {
                    "poin": skor(penilaian.kurang),
                    "predikat": penilaian.target.nama,
                },
                url=f"{reverse('evaluasi:index')}?tahun={tahun}",
                keterangan=_("Skor penilaian mandiri %(tahun)d: %(skor)s dari minimum %(minimum)s")
                % {
                    "tahun": tahun,
                    "skor": skor(penilaian.skor_total),
                    "minimum": skor(penilaian.target.skor_minimum),
                },
            )
        )
    if sejak is not None:
        diverifikasi = (
            realisasi_visible(user=user).filter(status=Realisasi.Status.DIVERIFIKASI, diperiksa_pada__gt=sejak).count()
        )
        selesai = (
            TindakLanjut.objects.filter(rapat__in=rapat_visible(user=user))
            .filter(status=TindakLanjut.Status.SELESAI, diperbarui_pada__gt=sejak)
            .count()
        )
        waktu = date_format(timezone.localtime(sejak), "DATETIME_FORMAT")
        if diverifikasi:
            daftar.append(
                Tugas(
                    kunci="tugas-baru-diverifikasi",
                    judul=ngettext("%(n)d realisasi diverifikasi", "%(n)d realisasi diverifikasi", diverifikasi)
                    % {"n": diverifikasi},
                    url=reverse("rad_kla:rekap"),
                    keterangan=_("sejak %(waktu)s") % {"waktu": waktu},
                    tingkat="info",
                )
            )
        if selesai:
            daftar.append(
                Tugas(
                    kunci="tugas-baru-selesai",
                    judul=ngettext("%(n)d tindak lanjut selesai", "%(n)d tindak lanjut selesai", selesai)
                    % {"n": selesai},
                    url=f"{reverse('gugus_tugas:tindak_lanjut')}?status={TindakLanjut.Status.SELESAI}",
                    keterangan=_("sejak %(waktu)s") % {"waktu": waktu},
                    tingkat="info",
                )
            )
    return daftar


def _cache(method: str, *args, **kwargs):
    """A cache call that never fails the page: without the cache a leader only sees the last days' changes."""
    try:
        return getattr(cache, method)(*args, **kwargs)
    except Exception as exc:  # any cache outage (Redis down, timeout) degrades to no previous visit
        logger.warning("Cache kunjungan tidak tersedia (%s): %s: %s", method, type(exc).__name__, exc)
        return None


def kunjungan_sejak_get(*, user: User, session) -> datetime.datetime | None:
    """Since when a leader's dashboard reports what changed: their visit before this session.

    The time of each visit is kept in the cache per user; the first dashboard of a session moves it into
    the session, so reloading keeps the same "since". Without a previous visit: the last HARI_TANPA_KUNJUNGAN
    days. None for the other roles, who are shown no changes.
    """
    if getattr(user, "peran", "") != Peran.PIMPINAN:
        return None
    sekarang = timezone.now()
    kunci = f"beranda:dilihat:{user.pk}"
    sejak = session.get(SESI_SEJAK)
    if sejak is None:
        sejak = _cache("get", kunci) or (sekarang - datetime.timedelta(days=HARI_TANPA_KUNJUNGAN)).isoformat()
        session[SESI_SEJAK] = sejak
    _cache("set", kunci, sekarang.isoformat(), timeout=DETIK_KUNJUNGAN)
    return datetime.datetime.fromisoformat(sejak)


def tugas_saya_get(*, user: User, tahun: int, sejak: datetime.datetime | None = None) -> TugasSaya:
    """The reader's to-do list for the top of the dashboard, in a few queries that do not grow with the data."""
    peran = getattr(user, "peran", "")
    if peran == Peran.OPERATOR_OPD:
        return TugasSaya(tampil=True, daftar=tugas_operator_list(user=user), notifikasi=True)
    if peran == Peran.KOORDINATOR_KLASTER:
        return TugasSaya(tampil=True, daftar=tugas_koordinator_list(user=user))
    if peran == Peran.ADMIN_SEKRETARIAT:
        return TugasSaya(tampil=True, daftar=tugas_admin_list(user=user))
    if peran == Peran.PIMPINAN:
        return TugasSaya(tampil=True, daftar=tugas_pimpinan_list(user=user, tahun=tahun, sejak=sejak))
    # Cases are not assigned to a worker: a case worker has no list of their own.
    return TugasSaya(tampil=False, daftar=[])
