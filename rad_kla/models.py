"""RAD KLA: actions per OPD, yearly targets and budgets, reporting periods, realisations, evidence."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Lampiran
from core.storage import RandomName, private_storage
from gugus_tugas.models import OPD, TindakLanjut, Wilayah
from klaster.models import Indikator

# The largest amount of money (Rupiah) a pagu or a spending may hold: far above any regional budget,
# well inside BigIntegerField and the sums of a year's reports.
UANG_MAKS = 10**15


class SumberDana(models.TextChoices):
    APBD = "apbd", "APBD"
    APBN = "apbn", "APBN"
    DAK = "dak", "DAK"
    CSR = "csr", "CSR"
    LAINNYA = "lainnya", _("Lainnya")


class RencanaAksi(models.Model):
    kode = models.CharField(_("kode"), max_length=30, unique=True)
    indikator = models.ForeignKey(
        Indikator, on_delete=models.PROTECT, related_name="rencana_aksi", verbose_name=_("indikator KLA")
    )
    program = models.CharField(_("program"), max_length=300, blank=True)
    kode_program = models.CharField(_("kode program"), max_length=50, blank=True)
    kegiatan = models.CharField(_("kegiatan"), max_length=300, blank=True)
    kode_kegiatan = models.CharField(_("kode kegiatan"), max_length=50, blank=True)
    sub_kegiatan = models.CharField(_("sub kegiatan"), max_length=300, blank=True)
    kode_sub_kegiatan = models.CharField(_("kode sub kegiatan"), max_length=50, blank=True)
    uraian = models.TextField(_("uraian aksi"))
    indikator_keluaran = models.CharField(_("indikator keluaran"), max_length=300)
    satuan = models.CharField(_("satuan"), max_length=50)
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2, null=True, blank=True)
    arah = models.CharField(_("arah"), max_length=5, choices=Indikator.Arah.choices)
    opd = models.ForeignKey(
        OPD, on_delete=models.PROTECT, related_name="rencana_aksi", verbose_name=_("OPD penanggung jawab")
    )
    opd_terkait = models.ManyToManyField(
        OPD, blank=True, related_name="rencana_aksi_terkait", verbose_name=_("OPD terkait")
    )
    sumber_dana = models.CharField(_("sumber dana"), max_length=10, choices=SumberDana.choices, default=SumberDana.APBD)
    lokasi = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lokasi")
    )
    aktif = models.BooleanField(_("aktif"), default=True)
    # Kept here, not on TindakLanjut: the meeting app sits a layer below and knows nothing of the RAD.
    tindak_lanjut = models.ManyToManyField(
        TindakLanjut, blank=True, related_name="rencana_aksi", verbose_name=_("tindak lanjut rapat")
    )
    history = HistoricalRecords(excluded_fields=["opd_terkait", "tindak_lanjut"])

    class Meta:
        ordering = ["kode"]
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        indexes = [models.Index(fields=["opd", "aktif"]), models.Index(fields=["indikator", "aktif"])]

    def __str__(self) -> str:
        return f"{self.kode} – {self.indikator_keluaran}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The roll-up keys it was read with: a save that moves it refreshes the ones it left as well.
        instance._rekap_asal = (instance.__dict__.get("indikator_id"), instance.__dict__.get("opd_id"))
        return instance


class TargetTahunan(models.Model):
    rencana_aksi = models.ForeignKey(
        RencanaAksi, on_delete=models.CASCADE, related_name="target", verbose_name=_("rencana aksi")
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2)
    pagu = models.BigIntegerField(_("pagu anggaran (Rp)"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rencana_aksi", "tahun"]
        verbose_name = _("target tahunan")
        verbose_name_plural = _("target tahunan")
        constraints = [
            models.UniqueConstraint(fields=["rencana_aksi", "tahun"], name="target_satu_per_tahun"),
            models.CheckConstraint(condition=models.Q(target__gte=0), name="target_tidak_negatif"),
            models.CheckConstraint(condition=models.Q(pagu__gte=0), name="pagu_tidak_negatif"),
        ]

    def __str__(self) -> str:
        return f"{self.rencana_aksi.kode} {self.tahun}"


class PeriodePelaporan(models.Model):
    class Jenis(models.TextChoices):
        TRIWULAN = "triwulan", _("Triwulan")
        SEMESTER = "semester", _("Semester")
        TAHUNAN = "tahunan", _("Tahunan")

    tahun = models.PositiveSmallIntegerField(_("tahun"))
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    nomor = models.PositiveSmallIntegerField(_("nomor"))
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("selesai"))
    batas_lapor = models.DateField(_("batas pelaporan"))
    terbuka = models.BooleanField(_("terbuka untuk pelaporan"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["tahun", "nomor"]
        verbose_name = _("periode pelaporan")
        verbose_name_plural = _("periode pelaporan")
        constraints = [
            models.UniqueConstraint(fields=["tahun", "jenis", "nomor"], name="periode_unik"),
            models.CheckConstraint(condition=models.Q(selesai__gte=models.F("mulai")), name="periode_urut"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.jenis == self.Jenis.TAHUNAN:
            return f"{self.get_jenis_display()} {self.tahun}"
        roman = ["I", "II", "III", "IV"][self.nomor - 1]
        return f"{self.get_jenis_display()} {roman} {self.tahun}"

    @property
    def porsi_tahun(self) -> float:
        """Share of the year covered up to the end of this period (targets are pro-rated by it)."""
        per_year = {self.Jenis.TRIWULAN: 4, self.Jenis.SEMESTER: 2, self.Jenis.TAHUNAN: 1}[self.jenis]
        return self.nomor / per_year


class Realisasi(models.Model):
    """What an action reached by the end of a period (cumulative within the year) and what it spent."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        DIAJUKAN = "diajukan", _("Diajukan")
        DIVERIFIKASI = "diverifikasi", _("Diverifikasi")
        DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")

    rencana_aksi = models.ForeignKey(
        RencanaAksi, on_delete=models.CASCADE, related_name="realisasi", verbose_name=_("rencana aksi")
    )
    periode = models.ForeignKey(
        PeriodePelaporan, on_delete=models.PROTECT, related_name="realisasi", verbose_name=_("periode")
    )
    nilai_capaian = models.DecimalField(_("nilai capaian"), max_digits=16, decimal_places=2, null=True, blank=True)
    realisasi_anggaran = models.BigIntegerField(_("realisasi anggaran (Rp)"), default=0)
    anggaran_lebih_dikonfirmasi = models.BooleanField(_("realisasi di atas pagu dikonfirmasi"), default=False)
    narasi = models.TextField(_("narasi"), blank=True)
    kendala = models.TextField(_("kendala"), blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.DRAFT)
    catatan_verifikator = models.TextField(_("catatan verifikator"), blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dibuat oleh")
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    diajukan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diajukan_pada = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    diperiksa_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diperiksa_pada = models.DateTimeField(_("diperiksa pada"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["periode__tahun", "periode__nomor"]
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        constraints = [
            models.UniqueConstraint(fields=["rencana_aksi", "periode"], name="realisasi_satu_per_periode"),
            models.CheckConstraint(condition=models.Q(nilai_capaian__gte=0), name="capaian_tidak_negatif"),
            models.CheckConstraint(condition=models.Q(realisasi_anggaran__gte=0), name="anggaran_tidak_negatif"),
        ]
        indexes = [
            models.Index(fields=["status", "periode"]),
            # Covers the roll-ups' read of a year's reports (PostgreSQL answers it from the index alone).
            models.Index(
                fields=["periode", "rencana_aksi"],
                include=["status", "nilai_capaian", "realisasi_anggaran"],
                name="realisasi_periode_laporan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rencana_aksi.kode} · {self.periode.label}"

    @property
    def dapat_diubah(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.DIKEMBALIKAN)


class BuktiDukung(Lampiran):
    upload_folder = "bukti-rad"
    owner_field = "realisasi"

    realisasi = models.ForeignKey(
        Realisasi, on_delete=models.CASCADE, related_name="bukti", verbose_name=_("realisasi")
    )

    class Meta:
        ordering = ["diunggah_pada"]
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")


class ImporRad(models.Model):
    """One uploaded RAD sheet: checked (pratinjau) and, once confirmed, saved (simpan) by a worker."""

    class Tahap(models.TextChoices):
        PRATINJAU = "pratinjau", _("Pratinjau")
        SIMPAN = "simpan", _("Simpan")

    class Status(models.TextChoices):
        ANTRI = "antri", _("Dalam antrean")
        DIPROSES = "diproses", _("Sedang diproses")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    AKTIF = (Status.ANTRI, Status.DIPROSES)

    berkas = models.CharField(_("berkas tersimpan"), max_length=200, blank=True)
    nama_berkas = models.CharField(_("nama berkas"), max_length=120)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("diunggah oleh")
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    tahap = models.CharField(_("tahap"), max_length=10, choices=Tahap.choices, default=Tahap.PRATINJAU)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ANTRI)
    progres = models.PositiveSmallIntegerField(_("progres (%)"), default=0)
    keterangan = models.CharField(_("keterangan progres"), max_length=200, blank=True)
    # ImportResult as JSON: counts, row errors and unrecognised headers of the last run.
    hasil = models.JSONField(_("hasil"), default=dict, blank=True)
    # A column mapping the uploader corrected (matriks_terbit.Pemetaan.as_dict()): the sheet is read with it.
    pemetaan = models.JSONField(_("pemetaan kolom"), default=dict, blank=True)

    class Meta:
        ordering = ["-dibuat_pada", "-id"]
        verbose_name = _("impor RAD")
        verbose_name_plural = _("impor RAD")

    def __str__(self) -> str:
        return f"{self.nama_berkas} ({self.get_status_display()})"

    @property
    def aktif(self) -> bool:
        return self.status in self.AKTIF


class EksporRad(models.Model):
    """An export too large for a request: built by a worker from the reader's filters, downloaded by them."""

    class Status(models.TextChoices):
        ANTRI = "antri", _("Dalam antrean")
        DIPROSES = "diproses", _("Sedang diproses")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    AKTIF = (Status.ANTRI, Status.DIPROSES)

    diminta_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("diminta oleh")
    )
    diminta_pada = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    # The rencana_list filters of the list page (ids and texts), applied again for the same reader.
    filter = models.JSONField(_("filter"), default=dict, blank=True)
    jumlah_baris = models.PositiveIntegerField(_("jumlah baris"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ANTRI)
    keterangan = models.CharField(_("keterangan"), max_length=200, blank=True)
    berkas = models.FileField(
        _("berkas"), upload_to=RandomName("ekspor-rad"), storage=private_storage, max_length=200, blank=True
    )

    class Meta:
        ordering = ["-diminta_pada", "-id"]
        verbose_name = _("ekspor RAD")
        verbose_name_plural = _("ekspor RAD")

    def __str__(self) -> str:
        return f"rad-kla-{self.tahun}.xlsx ({self.get_status_display()})"

    @property
    def aktif(self) -> bool:
        return self.status in self.AKTIF

    @property
    def nama_berkas(self) -> str:
        return f"rad-kla-{self.tahun}.xlsx"


class ProgresTahunan(models.Model):
    """An action's progress in one year, kept by rad_kla.progres on every write of what it derives from.

    One row per action and year that has a target or a report. Lists, filters, roll-ups, the dashboard,
    the exports and the reports read these rows; rad_kla/progres.py is the only place that computes them.
    """

    rencana_aksi = models.ForeignKey(RencanaAksi, on_delete=models.CASCADE, related_name="progres")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2, null=True)
    pagu = models.BigIntegerField(_("pagu anggaran (Rp)"), null=True)
    # The latest period with a submitted or verified report, its share of the year and its level.
    periode = models.ForeignKey(PeriodePelaporan, on_delete=models.SET_NULL, null=True, related_name="+")
    porsi = models.FloatField(null=True)
    nilai = models.DecimalField(_("capaian terakhir"), max_digits=16, decimal_places=2, null=True)
    anggaran = models.BigIntegerField(_("realisasi anggaran (Rp)"), default=0)
    capaian_persen = models.FloatField(_("capaian (%)"), null=True)
    serapan_persen = models.FloatField(_("serapan (%)"), null=True)
    status = models.CharField(_("status progres"), max_length=15)

    class Meta:
        verbose_name = _("progres tahunan")
        verbose_name_plural = _("progres tahunan")
        constraints = [models.UniqueConstraint(fields=["rencana_aksi", "tahun"], name="progres_satu_per_tahun")]
        indexes = [models.Index(fields=["tahun", "status"], name="progres_tahun_status")]

    def __str__(self) -> str:
        return f"{self.rencana_aksi_id} {self.tahun}: {self.status}"


class RekapIndikatorTahunan(models.Model):
    """The year's stored progress of an indicator's active actions, summed (kept by rad_kla.progres).

    One row per year and indicator with at least one progress row of an active action; the RAD roll-up
    per cluster on the dashboard reads these instead of every action's progress.
    """

    tahun = models.PositiveSmallIntegerField(_("tahun"))
    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="+")
    # Sum of capaian capped at 100 % over the actions that have one, and how many have one.
    capaian_jumlah = models.FloatField(null=True)
    capaian_n = models.PositiveIntegerField(default=0)
    pagu = models.BigIntegerField(default=0)
    anggaran = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tahun", "indikator"], name="rekap_indikator_satu")]

    def __str__(self) -> str:
        return f"{self.tahun} {self.indikator_id}"


class KelengkapanPeriode(models.Model):
    """Per period and OPD: active actions with a target in the period's year, reported, reported on time.

    Kept by rad_kla.progres; one row per period and OPD with at least one action due.
    """

    periode = models.ForeignKey(PeriodePelaporan, on_delete=models.CASCADE, related_name="+")
    opd = models.ForeignKey(OPD, on_delete=models.CASCADE, related_name="+")
    wajib = models.PositiveIntegerField(default=0)
    dilaporkan = models.PositiveIntegerField(default=0)
    tepat_waktu = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["periode", "opd"], name="kelengkapan_satu")]

    def __str__(self) -> str:
        return f"{self.periode_id} {self.opd_id}"


class PemetaanImpor(models.Model):
    """A column mapping of a published RAD matrix (column → role and year), corrected by a user and reused.

    An installation serves one region (gugus_tugas.ProfilDaerah), so the mappings kept here are the region's.
    `pemetaan` is rad_kla.excel.matriks_terbit.Pemetaan.as_dict().
    """

    nama = models.CharField(_("nama"), max_length=100, unique=True)
    pemetaan = models.JSONField(_("pemetaan kolom"), default=dict)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diubah_pada = models.DateTimeField(_("diubah pada"), auto_now=True)

    class Meta:
        ordering = ["nama"]
        verbose_name = _("pemetaan impor")
        verbose_name_plural = _("pemetaan impor")

    def __str__(self) -> str:
        return self.nama


class NamaLainSumberDana(models.Model):
    """A funding source as local documents name it ("BOK", "DAK NF", "DBHCHT") and the choice it counts as."""

    nama = models.CharField(_("nama lain"), max_length=100)
    sumber_dana = models.CharField(_("sumber dana"), max_length=10, choices=SumberDana.choices)

    class Meta:
        ordering = ["nama"]
        verbose_name = _("nama lain sumber dana")
        verbose_name_plural = _("nama lain sumber dana")
        constraints = [models.UniqueConstraint(Lower("nama"), name="nama_lain_sumber_dana_unik")]

    def __str__(self) -> str:
        return f"{self.nama} → {self.get_sumber_dana_display()}"


class NamaLainLokasi(models.Model):
    """A place as a matrix names it ("Kota Metro", "5 Kecamatan"): a wilayah, or the whole region when empty."""

    nama = models.CharField(_("nama lain"), max_length=100)
    wilayah = models.ForeignKey(
        Wilayah,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wilayah"),
        help_text=_("Kosongkan untuk seluruh daerah."),
    )

    class Meta:
        ordering = ["nama"]
        verbose_name = _("nama lain lokasi")
        verbose_name_plural = _("nama lain lokasi")
        constraints = [models.UniqueConstraint(Lower("nama"), name="nama_lain_lokasi_unik")]

    def __str__(self) -> str:
        return self.nama
