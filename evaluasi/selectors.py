"""Reads that combine the lower apps for the self-assessment, dashboards and reports, through their selectors."""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.query import RawQuerySet

from gugus_tugas.models import Rapat, User
from gugus_tugas.selectors import profil_daerah_get, rapat_visible, sk_gugus_tugas_berlaku_get
from klaster.models import KODE_KLASTER_PERLINDUNGAN_KHUSUS, Indikator, Klaster
from klaster.scoring import gap_to, predikat_for
from klaster.selectors import indikator_berlaku_list, predikat_list
from rad_kla.models import Realisasi

from .models import BuktiPenilaian, LaporanJob, PenilaianIndikator, PenilaianTahun

NOL = Decimal(0)


@dataclass(frozen=True)
class Ringkasan:
    profil: object
    sk: object
    indikator: list[Indikator]  # in force in the year, with their cluster
    predikat_list: list

    @property
    def jumlah_indikator(self) -> int:
        return len(self.indikator)

    @property
    def bobot_total(self) -> Decimal:
        return sum((i.bobot for i in self.indikator), NOL)


def beranda_ringkasan_get(*, tahun: int) -> Ringkasan:
    """The region, its decree in force, the indicators in force and the predikat scale, in four queries."""
    return Ringkasan(
        profil=profil_daerah_get(),
        sk=sk_gugus_tugas_berlaku_get(anggota=False),
        indikator=indikator_berlaku_list(tahun=tahun),
        predikat_list=predikat_list(),
    )


# The rows below are read many times while a page or report renders (each total sums the totals below
# it): every figure is computed once, after penilaian_ringkasan has filled the rows.


@dataclass
class BarisIndikator:
    """An indicator in force with its claimed score and how much of it evidence backs."""

    indikator: Indikator
    penilaian: PenilaianIndikator | None

    @cached_property
    def skor(self) -> Decimal | None:
        return self.penilaian.skor if self.penilaian else None

    @cached_property
    def terisi(self) -> bool:
        return self.skor is not None

    @cached_property
    def jumlah_bukti(self) -> int:
        return getattr(self.penilaian, "jumlah_bukti", 0) if self.penilaian else 0

    @cached_property
    def jumlah_realisasi(self) -> int:
        return getattr(self.penilaian, "jumlah_realisasi", 0) if self.penilaian else 0

    @cached_property
    def jumlah_rapat(self) -> int:
        return getattr(self.penilaian, "jumlah_rapat", 0) if self.penilaian else 0

    @cached_property
    def statistik_kasus(self) -> bool:
        return bool(self.penilaian and self.penilaian.statistik_kasus)

    @cached_property
    def didukung(self) -> bool:
        # A claim without any attached document, verified realisation, meeting or statistic is worth
        # nothing at verification.
        return self.jumlah_bukti + self.jumlah_realisasi + self.jumlah_rapat > 0 or self.statistik_kasus

    @cached_property
    def skor_didukung(self) -> Decimal:
        return self.skor if (self.terisi and self.didukung) else NOL

    @cached_property
    def selisih(self) -> Decimal:
        """Points between the claim (or nothing) and the indicator's maximum."""
        return self.indikator.bobot - (self.skor or NOL)

    @cached_property
    def persen(self) -> float | None:
        if self.skor is None or not self.indikator.bobot:
            return None
        return float(self.skor * 100 / self.indikator.bobot)


@dataclass
class BarisKlaster:
    klaster: Klaster
    indikator: list[BarisIndikator] = field(default_factory=list)

    @cached_property
    def bobot(self) -> Decimal:
        return sum((b.indikator.bobot for b in self.indikator), NOL)

    @cached_property
    def skor(self) -> Decimal:
        return sum((b.skor or NOL for b in self.indikator), NOL)

    @cached_property
    def skor_didukung(self) -> Decimal:
        return sum((b.skor_didukung for b in self.indikator), NOL)

    @cached_property
    def jumlah_terisi(self) -> int:
        return sum(1 for b in self.indikator if b.terisi)

    @cached_property
    def progres_persen(self) -> float:
        return self.jumlah_terisi * 100.0 / len(self.indikator) if self.indikator else 0.0

    @cached_property
    def capaian_persen(self) -> float | None:
        return float(self.skor * 100 / self.bobot) if self.bobot else None


@dataclass
class Penilaian:
    """A year's self-assessment summed up: per cluster, total, predikat earned and the gap to the target."""

    tahun: int
    klaster: list[BarisKlaster]
    predikat_list: list
    target: object | None
    profil: object | None = None  # the region profile the target was read from

    @cached_property
    def penilaian(self) -> PenilaianTahun | None:
        """The year's record (status, official result), read by the pages that show it and only then."""
        return penilaian_tahun_get(tahun=self.tahun)

    @cached_property
    def baris(self) -> list[BarisIndikator]:
        return [b for k in self.klaster for b in k.indikator]

    @cached_property
    def bobot_total(self) -> Decimal:
        return sum((k.bobot for k in self.klaster), NOL)

    @cached_property
    def skor_total(self) -> Decimal:
        return sum((k.skor for k in self.klaster), NOL)

    @cached_property
    def skor_didukung(self) -> Decimal:
        return sum((k.skor_didukung for k in self.klaster), NOL)

    @cached_property
    def skor_tanpa_bukti(self) -> Decimal:
        return self.skor_total - self.skor_didukung

    @cached_property
    def persen_didukung(self) -> float | None:
        return float(self.skor_didukung * 100 / self.skor_total) if self.skor_total else None

    @cached_property
    def jumlah_terisi(self) -> int:
        return sum(k.jumlah_terisi for k in self.klaster)

    @cached_property
    def jumlah_indikator(self) -> int:
        return sum(len(k.indikator) for k in self.klaster)

    @cached_property
    def predikat(self):
        return predikat_for(min(self.skor_total, Decimal(1000)), tingkat=self.predikat_list)

    @cached_property
    def predikat_didukung(self):
        return predikat_for(min(self.skor_didukung, Decimal(1000)), tingkat=self.predikat_list)

    @cached_property
    def kurang(self) -> Decimal | None:
        """Points still missing to the target predikat."""
        if self.target is None:
            return None
        return gap_to(min(self.skor_total, Decimal(1000)), self.target)

    @cached_property
    def final(self) -> bool:
        return bool(self.penilaian and self.penilaian.final)

    def selisih_terbesar(self, jumlah: int = 5) -> list[BarisIndikator]:
        """The indicators where the most points are still open: where the road to the target runs."""
        rows = sorted(self.baris, key=lambda b: (-b.selisih, b.indikator.klaster.urutan, b.indikator.urutan))
        return [b for b in rows if b.selisih > 0][:jumlah]


def penilaian_tahun_get(*, tahun: int) -> PenilaianTahun | None:
    return PenilaianTahun.objects.select_related("predikat_resmi").filter(tahun=tahun).first()


def _penilaian_indikator_qs(*, tahun: int, klaster_id: int | None = None) -> RawQuerySet:
    """The year's assessed indicators, each with how many evidence files, realisations and meetings it cites.

    One fixed statement (read on every visit of the dashboard and the overview); the counts are
    subqueries per row, so the rows are not multiplied by joins.
    """
    realisasi = PenilaianIndikator._meta.get_field("realisasi")
    rapat = PenilaianIndikator._meta.get_field("rapat")
    where, params = ["t.tahun = %s"], [tahun]
    if klaster_id:
        where.append(f"p.indikator_id IN (SELECT id FROM {Indikator._meta.db_table} WHERE klaster_id = %s)")  # noqa: S608
        params.append(klaster_id)
    sql = f"""
        SELECT p.*,
            (SELECT COUNT(*) FROM {BuktiPenilaian._meta.db_table} b WHERE b.penilaian_indikator_id = p.id)
                AS jumlah_bukti,
            (SELECT COUNT(*) FROM {realisasi.m2m_db_table()} r WHERE r.{realisasi.m2m_column_name()} = p.id)
                AS jumlah_realisasi,
            (SELECT COUNT(*) FROM {rapat.m2m_db_table()} m WHERE m.{rapat.m2m_column_name()} = p.id)
                AS jumlah_rapat
        FROM {PenilaianIndikator._meta.db_table} p
        JOIN {PenilaianTahun._meta.db_table} t ON t.id = p.penilaian_id
        WHERE {" AND ".join(where)}
    """  # noqa: S608 - table and column names from the models, values as parameters
    return PenilaianIndikator.objects.raw(sql, params)


def penilaian_ringkasan_get(
    *, tahun: int, klaster_id: int | None = None, bukti: bool = False, ringkasan: Ringkasan | None = None
) -> Penilaian:
    """The year's assessment for every indicator in force, in a fixed number of queries.

    bukti=True also loads each indicator's evidence files and cited realisations (for reports).
    ringkasan: the page's beranda_ringkasan_get of that year, whose indicators, region profile and predikat
    scale are used instead of being read again.
    """
    semua = ringkasan.indikator if ringkasan is not None else indikator_berlaku_list(tahun=tahun)
    indikator = [i for i in semua if not klaster_id or i.klaster_id == klaster_id]
    penilaian_qs = _penilaian_indikator_qs(tahun=tahun, klaster_id=klaster_id)
    if bukti:
        penilaian_qs = penilaian_qs.prefetch_related(
            Prefetch("bukti", queryset=BuktiPenilaian.objects.order_by("diunggah_pada", "id")),
            Prefetch(
                "realisasi",
                queryset=Realisasi.objects.select_related("rencana_aksi__opd", "periode").order_by(
                    "periode__tahun", "periode__nomor"
                ),
            ),
            Prefetch("rapat", queryset=Rapat.objects.order_by("mulai", "id")),
        )
    by_indikator = {p.indikator_id: p for p in penilaian_qs}
    klaster_rows: dict[int, BarisKlaster] = {}
    for item in indikator:
        row = klaster_rows.setdefault(item.klaster_id, BarisKlaster(klaster=item.klaster))
        row.indikator.append(BarisIndikator(indikator=item, penilaian=by_indikator.get(item.pk)))
    profil = ringkasan.profil if ringkasan else profil_daerah_get()
    return Penilaian(
        tahun=tahun,
        klaster=sorted(klaster_rows.values(), key=lambda k: k.klaster.urutan),
        predikat_list=ringkasan.predikat_list if ringkasan else predikat_list(),
        target=profil.predikat_target if profil else None,
        profil=profil,
    )


def penilaian_riwayat_list(*, predikat: list | None = None) -> list[PenilaianTahun]:
    """Every assessed year with its claimed total, newest first, for comparison with official results.

    One fixed statement; each year's official predikat is taken from `predikat`, the predikat scale the
    page has read already (read here otherwise).
    """
    sql = f"""
        SELECT t.*, SUM(p.skor) AS skor_total, COUNT(p.skor) AS jumlah_terisi
        FROM {PenilaianTahun._meta.db_table} t
        LEFT JOIN {PenilaianIndikator._meta.db_table} p ON p.penilaian_id = t.id
        GROUP BY t.id
        ORDER BY t.tahun DESC
    """  # noqa: S608 - table names from the models
    by_id = {p.pk: p for p in (predikat if predikat is not None else predikat_list())}
    rows = list(PenilaianTahun.objects.raw(sql))
    for row in rows:
        row.predikat_resmi = by_id.get(row.predikat_resmi_id)
        if isinstance(row.skor_total, float):  # SQLite sums decimals as floats
            row.skor_total = Decimal(str(round(row.skor_total, 2)))
    return rows


def penilaian_index_get(*, tahun: int) -> tuple[Penilaian, list[PenilaianTahun]]:
    """What the overview reads: the year's assessment and every assessed year (the year's record among them)."""
    penilaian = penilaian_ringkasan_get(tahun=tahun)
    riwayat = penilaian_riwayat_list(predikat=penilaian.predikat_list)
    # The year's record is one of the years read: it primes the summary's lazily read record.
    penilaian.__dict__["penilaian"] = next((r for r in riwayat if r.tahun == tahun), None)
    return penilaian, riwayat


def penilaian_indikator_get(*, tahun: int, indikator: Indikator) -> PenilaianIndikator | None:
    return (
        PenilaianIndikator.objects.filter(penilaian__tahun=tahun, indikator=indikator)
        .select_related("penilaian", "indikator__klaster", "diperbarui_oleh")
        .prefetch_related(
            Prefetch("bukti", queryset=BuktiPenilaian.objects.select_related("diunggah_oleh")),
            Prefetch("realisasi", queryset=Realisasi.objects.select_related("rencana_aksi__opd", "periode")),
            Prefetch("rapat", queryset=Rapat.objects.order_by("mulai", "id")),
        )
        .first()
    )


def rapat_pendukung_list(*, user: User, tahun: int) -> QuerySet[Rapat]:
    """Held meetings of the year and the one before that the user may see: evidence an indicator may cite."""
    return (
        rapat_visible(user=user)
        .filter(status=Rapat.Status.SELESAI, mulai__year__in=[tahun - 1, tahun])
        .order_by("-mulai", "-id")
    )


def statistik_kasus_relevan(indikator: Indikator) -> bool:
    """The aggregated case statistics support the special-protection cluster's indicators."""
    return indikator.klaster.kode == KODE_KLASTER_PERLINDUNGAN_KHUSUS


def bukti_penilaian_get(*, user: User, pk: int) -> BuktiPenilaian:
    """An evidence file of the self-assessment the user may have (the download rule); DoesNotExist otherwise."""
    bukti = (
        BuktiPenilaian.objects.select_related(
            "penilaian_indikator__penilaian", "penilaian_indikator__indikator__klaster"
        )
        .filter(pk=pk)
        .first()
    )
    if bukti is None or not user.has_perm("evaluasi.unduh_bukti_penilaian", bukti):
        raise BuktiPenilaian.DoesNotExist
    return bukti


def _laporan_job_milik(user: User) -> Q:
    """Jobs the user requested or followed, and the scheduled ones."""
    diikuti = LaporanJob.pengikut.through.objects.filter(laporanjob=OuterRef("pk"), user=user)
    return Q(diminta_oleh=user) | Q(diminta_oleh__isnull=True) | Q(Exists(diikuti))


def laporan_job_list(*, user: User, semua: bool = False) -> QuerySet[LaporanJob]:
    """The report jobs the user requested or follows and the scheduled ones; the secretariat may list everyone's."""
    qs = LaporanJob.objects.select_related("diminta_oleh")
    if not (semua and user.has_perm("evaluasi.lihat_semua_laporan")):
        qs = qs.filter(_laporan_job_milik(user))
    return qs.order_by("-diminta_pada", "-id")


def laporan_job_get(*, user: User, pk: int) -> LaporanJob:
    """A job the user may follow: their own or followed, a scheduled one, any for the secretariat; else DoesNotExist."""
    qs = LaporanJob.objects.select_related("diminta_oleh").filter(pk=pk)
    if not user.has_perm("evaluasi.lihat_semua_laporan"):
        qs = qs.filter(_laporan_job_milik(user))
    return qs.get()
