"""Reads of the case records: lists, one case, the access log, statistics and the SIMFONI-PPA rows."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from gugus_tugas.models import Peran, User, Wilayah
from gugus_tugas.selectors import wilayah_label_get

from .kubus import kubus_statistik_get
from .models import (
    IDENTITAS_KORBAN,
    IDENTITAS_PELAKU,
    KELOMPOK_UMUR_ANAK,
    TEKS_BEBAS,
    AksesLog,
    CatatanKasus,
    HubunganPelaku,
    JenisKekerasan,
    JenisKelamin,
    JenisLayanan,
    Kasus,
    KelompokUmur,
    Korban,
    Layanan,
    Pelaku,
    RiwayatStatus,
    TempatKejadian,
)
from .suppression import AMBANG, TANDA_DITAHAN, TANDA_KECIL, Baris, Tabel, suppress, tabel_build, tampil


def _korban_ringkas() -> QuerySet[Korban]:
    """Victims without their identity columns: lists never need them, so they are never decrypted."""
    return Korban.objects.defer(*IDENTITAS_KORBAN).order_by("urutan")


def kasus_list(*, user: User) -> QuerySet[Kasus]:
    """The active cases the user may list (none without the case permission); kasus.filters narrows them."""
    if not user.has_perm("kasus.lihat_kasus"):
        return Kasus.objects.none()
    return (
        Kasus.objects.aktif()
        .defer("kronologi")
        .select_related("kelurahan__induk")
        .prefetch_related("jenis_kekerasan", Prefetch("korban", queryset=_korban_ringkas()))
    )


def kasus_get(*, user: User, pk: int) -> Kasus:
    """One active case the user may read, with everything its page shows, in a fixed number of queries.

    Raises Kasus.DoesNotExist when there is no such case or the user may not know it exists.
    """
    if not user.has_perm("kasus.lihat_kasus"):
        raise Kasus.DoesNotExist
    return (
        Kasus.objects.aktif()
        .select_related("kelurahan__induk", "dibuat_oleh")
        .prefetch_related(
            "jenis_kekerasan",
            "korban",
            "pelaku",
            Prefetch("layanan", queryset=Layanan.objects.select_related("penyedia_opd", "dicatat_oleh")),
            Prefetch("riwayat_status", queryset=RiwayatStatus.objects.select_related("oleh")),
            Prefetch("catatan", queryset=CatatanKasus.objects.select_related("oleh")),
        )
        .get(pk=pk)
    )


def kecamatan_pilihan_list() -> QuerySet[Wilayah]:
    return Wilayah.objects.filter(jenis=Wilayah.Jenis.KECAMATAN).order_by("nama")


def kelurahan_pilihan_list() -> QuerySet[Wilayah]:
    return (
        Wilayah.objects.filter(jenis__in=[Wilayah.Jenis.KELURAHAN, Wilayah.Jenis.DESA])
        .select_related("induk")
        .order_by("induk__nama", "nama")
    )


def akses_log_list() -> QuerySet[AksesLog]:
    """The access log, newest first as the model orders it; kasus.filters narrows it."""
    return AksesLog.objects.select_related("pengguna", "kasus").only(
        "waktu", "aksi", "jenis_alasan", "alasan", "keterangan", "pengguna__username", "pengguna__nama_lengkap",
        "kasus__nomor_registrasi",
    )  # fmt: skip


def pengguna_log_pilihan_list() -> QuerySet[User]:
    """The users who can appear in the access log: case workers and the secretariat."""
    return User.objects.filter(peran__in=[Peran.PETUGAS_KASUS, Peran.ADMIN_SEKRETARIAT]).order_by("username")


# Reveals by one user within this window count against KASUS_BATAS_BUKA_PER_JAM.
PEMBUKAAN_JENDELA = datetime.timedelta(hours=1)


def pembukaan_count(*, pengguna, sejak: datetime.datetime) -> int:
    """How many times the user revealed identities since `sejak`."""
    return AksesLog.objects.filter(pengguna=pengguna, aksi=AksesLog.Aksi.TAMPILKAN_IDENTITAS, waktu__gte=sejak).count()


def pembukaan_berlebih_list(*, sekarang: datetime.datetime | None = None) -> list[dict]:
    """Users who revealed identities more than KASUS_BATAS_BUKA_PER_JAM times in the last hour."""
    sejak = (sekarang or timezone.now()) - PEMBUKAAN_JENDELA
    return list(
        AksesLog.objects.filter(aksi=AksesLog.Aksi.TAMPILKAN_IDENTITAS, waktu__gte=sejak)
        .values("pengguna__username", "pengguna__nama_lengkap")
        .annotate(jumlah=Count("id"))
        .filter(jumlah__gt=settings.KASUS_BATAS_BUKA_PER_JAM)
        .order_by("-jumlah", "pengguna__username")
    )


def tahun_kasus_list() -> list[int]:
    """The years with active cases, newest first."""
    return sorted((int(tahun) for tahun, item in kubus_statistik_get()["tahun"].items() if item["kasus"]), reverse=True)


@dataclass(frozen=True)
class Statistik:
    tahun: int
    tabel_tahunan: Tabel
    tabel_list: list[Tabel]
    indikator_21: Tabel
    persen_terlayani: float | None
    disamarkan: bool


def _per_kecamatan(kecamatan: list, per_kecamatan: dict[str, int]) -> list[tuple[str, int]]:
    """Victims per kecamatan of the region, in name order (with the names the cube was counted with)."""
    return [(nama, per_kecamatan.get(str(pk), 0)) for pk, nama in kecamatan]


def _tabel_umur(per_umur: dict, *, total: int, hide: bool, withhold: bool) -> tuple[Tabel, bool]:
    """Victims per age group with the children's subtotal, and whether that subtotal is hidden.

    The subtotal is the indicator-21 total, so the table is released in two linked levels: the
    subtotal beside the adult groups (summing to the year's total), then the child groups under
    it (summing to the subtotal). Each level is suppressed against its own published total.
    """
    anak = [(str(label), per_umur.get(v, 0)) for v, label in KelompokUmur.choices if v in KELOMPOK_UMUR_ANAK]
    dewasa = [(str(label), per_umur.get(v, 0)) for v, label in KelompokUmur.choices if v not in KELOMPOK_UMUR_ANAK]
    jumlah_anak = sum(n for _, n in anak)
    judul = _("Korban per kelompok umur")
    label_anak = _("Anak (0–17 tahun)")
    if not hide:
        rows = [*anak, (label_anak, jumlah_anak), *dewasa]
        return Tabel(judul, [Baris(lbl, str(n)) for lbl, n in rows], Baris("", str(total)), False), False
    if withhold:
        hidden1, withheld1 = set(range(len(dewasa) + 1)), True
    else:
        hidden1, withheld1 = suppress([jumlah_anak, *(n for _, n in dewasa)], with_total=True, protect=frozenset({0}))
    anak_tersembunyi = withheld1 or 0 in hidden1
    if anak_tersembunyi:
        hidden2, withheld2 = set(range(len(anak))), True
    else:
        hidden2, withheld2 = suppress([n for _, n in anak], with_total=True)
    baris = [Baris(lbl, tampil(n, hidden=i in hidden2, withheld=withheld2)) for i, (lbl, n) in enumerate(anak)]
    baris.append(Baris(label_anak, tampil(jumlah_anak, hidden=anak_tersembunyi, withheld=withheld1)))
    baris += [Baris(lbl, tampil(n, hidden=i + 1 in hidden1, withheld=withheld1)) for i, (lbl, n) in enumerate(dewasa)]
    total_tampil = TANDA_DITAHAN if withhold else (TANDA_KECIL if 0 < total < AMBANG else str(total))
    tabel = Tabel(judul, baris, Baris("", total_tampil), bool(hidden1 or hidden2))
    return tabel, anak_tersembunyi


def statistik_kasus_get(*, tahun: int, rinci: bool) -> Statistik:
    """The statistics cube of one year, as released to its reader; every page, card and report reads it.

    `rinci` False releases it with small-cell suppression (everyone but case workers), jointly
    over the linked tables rather than table by table:
    - the per-year table has no grand total, so a year hidden there cannot be found by subtraction;
    - a year whose own total is hidden there is withheld whole on its year page, because every
      table of that page adds up to that total;
    - otherwise each table of the year is suppressed against the year's total, which is public;
    - the age table carries the children's subtotal that indicator 21 prints (see `_tabel_umur`);
    - cases per type overlap but add up to at least the number of cases, which is bounded too.
    """
    hide = not rinci
    kubus = kubus_statistik_get()
    item = kubus["tahun"].get(str(tahun)) or {}

    per_tahun = {int(t): counts["korban"] for t, counts in kubus["tahun"].items() if counts["korban"]}
    tabel_tahunan = tabel_build(
        _("Korban per tahun"), [(str(t), n) for t, n in sorted(per_tahun.items())], with_total=rinci, suppressed=hide
    )
    total = per_tahun.get(tahun, 0)
    tahun_ditahan = hide and 0 < total < AMBANG

    per_bulan = item.get("bulan", {})
    bulan_rows = [(str(MONTHS[m]), per_bulan.get(str(m), 0)) for m in range(1, 13)]
    kecamatan_rows = _per_kecamatan(kubus["kecamatan"], item.get("kecamatan", {}))
    tanpa_kecamatan = total - sum(n for _, n in kecamatan_rows)
    if tanpa_kecamatan:
        kecamatan_rows.append((_("Tidak diketahui"), tanpa_kecamatan))
    per_jenis = item.get("jenis", {})
    per_layanan = item.get("layanan", {})
    per_umur = item.get("umur", {})
    per_kelamin = item.get("kelamin", {})
    per_tempat = item.get("tempat", {})
    per_hubungan = item.get("hubungan", {})
    jumlah_kasus = sum(per_tempat.values())

    def choice_rows(choices, counts):
        return [(str(label), counts.get(value, 0)) for value, label in choices]

    def build(judul, rows, *, with_total=True, **kwargs):
        return tabel_build(judul, rows, with_total=with_total, suppressed=hide, withhold=tahun_ditahan, **kwargs)

    banyak = _("Satu kasus dapat tercatat pada lebih dari satu baris, maka tabel ini tidak berjumlah.")
    tabel_tempat = build(_("Kasus per tempat kejadian"), choice_rows(TempatKejadian.choices, per_tempat))
    kasus_terbuka = not hide or (not tahun_ditahan and not (0 < jumlah_kasus < AMBANG))
    tabel_umur, anak_tersembunyi = _tabel_umur(per_umur, total=total, hide=hide, withhold=tahun_ditahan)
    tabel_list = [
        build(_("Korban per bulan"), bulan_rows),
        build(_("Korban per kecamatan"), kecamatan_rows),
        build(
            _("Kasus per jenis kekerasan"),
            choice_rows(JenisKekerasan.choices, per_jenis),
            with_total=False,
            catatan=banyak,
            minimum=jumlah_kasus if kasus_terbuka else None,
        ),
        tabel_umur,
        build(_("Korban per jenis kelamin"), choice_rows(JenisKelamin.choices, per_kelamin)),
        tabel_tempat,
        build(_("Pelaku per hubungan dengan korban"), choice_rows(HubunganPelaku.choices, per_hubungan)),
        build(
            _("Kasus per layanan yang diterima"),
            choice_rows(JenisLayanan.choices, per_layanan),
            with_total=False,
            catatan=banyak,
        ),
    ]
    terlayani_umur = item.get("terlayani_umur", {})
    anak = {
        "total": sum(per_umur.get(umur, 0) for umur in KELOMPOK_UMUR_ANAK),
        "terlayani": sum(terlayani_umur.get(umur, 0) for umur in KELOMPOK_UMUR_ANAK),
    }
    indikator_21 = tabel_build(
        _("Anak korban kekerasan yang terlayani (indikator 21)"),
        [(_("Terlayani"), anak["terlayani"]), (_("Belum terlayani"), anak["total"] - anak["terlayani"])],
        with_total=True,
        suppressed=hide,
        withhold=tahun_ditahan or anak_tersembunyi,
    )
    persen = None
    if anak["total"] and not indikator_21.disamarkan:
        persen = round(100 * anak["terlayani"] / anak["total"], 1)
    return Statistik(
        tahun=tahun,
        tabel_tahunan=tabel_tahunan,
        tabel_list=tabel_list,
        indikator_21=indikator_21,
        persen_terlayani=persen,
        disamarkan=any(t.disamarkan for t in [tabel_tahunan, *tabel_list, indikator_21]),
    )


def simfoni_baris_list(*, user: User, kasus: QuerySet[Kasus] | None = None) -> tuple[list[str], list[list]]:
    """One row per victim with the non-identifying SIMFONI-PPA fields, and the header."""
    kasus = kasus_list(user=user) if kasus is None else kasus.filter(pk__in=kasus_list(user=user).values("pk"))
    korban = (
        _korban_ringkas()
        .filter(kasus__in=kasus)
        .select_related("kasus__kelurahan__induk")
        .defer("kasus__kronologi")
        .prefetch_related(
            "kasus__jenis_kekerasan",
            Prefetch("kasus__pelaku", queryset=Pelaku.objects.defer(*IDENTITAS_PELAKU)),
            Prefetch("kasus__layanan", queryset=Layanan.objects.defer(*TEKS_BEBAS["layanan"])),
        )
        .order_by("kasus__tanggal_lapor", "kasus__nomor_registrasi", "urutan")
    )
    header = [
        _("Nomor registrasi"),
        _("Tanggal lapor"),
        _("Tanggal kejadian"),
        _("Saluran pengaduan"),
        _("Kecamatan"),
        wilayah_label_get(),
        _("Tempat kejadian"),
        _("Jenis kekerasan"),
        _("Korban ke"),
        _("Jenis kelamin korban"),
        _("Umur korban"),
        _("Kelompok umur korban"),
        _("Pendidikan korban"),
        _("Disabilitas"),
        _("Jumlah pelaku"),
        _("Hubungan pelaku"),
        _("Layanan"),
        _("Status"),
    ]
    rows = []
    for item in korban:
        k = item.kasus
        rows.append(
            [
                k.nomor_registrasi,
                k.tanggal_lapor,
                k.tanggal_kejadian,
                k.get_saluran_display(),
                k.kelurahan.induk.nama if k.kelurahan.induk else "",
                k.kelurahan.nama,
                k.get_tempat_kejadian_display(),
                ", ".join(str(j.get_jenis_display()) for j in k.jenis_kekerasan.all()),
                item.urutan,
                item.get_jenis_kelamin_display(),
                item.umur,
                item.get_kelompok_umur_display(),
                item.get_pendidikan_display(),
                _("Ya") if item.disabilitas else _("Tidak"),
                len(k.pelaku.all()),
                ", ".join(sorted({str(p.get_hubungan_display()) for p in k.pelaku.all()})),
                ", ".join(sorted({str(lay.get_jenis_display()) for lay in k.layanan.all()})),
                k.get_status_display(),
            ]
        )
    return header, rows
