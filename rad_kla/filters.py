"""Filters of the RAD action list (the page, its Excel export and the export worker)."""

import django_filters
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from core.filters import PencarianFilter, Penyaring, PilihanFilter
from core.tahun import tahun_get
from gugus_tugas.models import User
from gugus_tugas.selectors import opd_list
from klaster.models import Indikator, Klaster

from .models import Realisasi, RencanaAksi
from .progres import StatusProgres
from .scopes import realisasi_visible, rencana_progres_filter


class RencanaFilter(Penyaring):
    """The list's filters; status and progres are read in `tahun`, status among the realisations `user` may read."""

    # Labels as the models' __str__ (tests/rad_kla/test_halaman_kueri.py checks them).
    klaster = PilihanFilter(
        field_name="indikator__klaster",
        queryset=Klaster.objects.order_by("urutan"),
        label=_("Klaster"),
        empty_label=_("Semua klaster"),
        label_fields=("nama",),
        label_format="{}",
    )
    indikator = PilihanFilter(
        queryset=Indikator.objects.order_by("urutan", "berlaku_mulai"),
        label=_("Indikator"),
        empty_label=_("Semua indikator"),
        label_fields=("kode", "nama"),
        label_format="{}. {}",
    )
    opd = PilihanFilter(
        queryset=opd_list().order_by("singkatan"),
        label=_("OPD"),
        empty_label=_("Semua OPD"),
        label_fields=("singkatan",),
        label_format="{}",
    )
    q = PencarianFilter(fields=["kode", "uraian", "indikator_keluaran", "kegiatan"], label=_("Cari"))
    status = django_filters.ChoiceFilter(
        choices=Realisasi.Status.choices,
        method="filter_status",
        label=_("Status realisasi"),
        empty_label=_("Semua status"),
    )
    progres = django_filters.ChoiceFilter(
        choices=list(StatusProgres.LABELS.items()),
        method="filter_progres",
        label=_("Progres"),
        empty_label=_("Semua progres"),
    )

    class Meta:
        model = RencanaAksi
        fields = []

    def __init__(
        self, data=None, queryset=None, *, user: User | None = None, tahun: int, published_only: bool = False, **kw
    ):
        super().__init__(data, queryset, **kw)
        self.user = user
        self.tahun = tahun
        self.published_only = published_only

    def filter_status(self, qs, _name, value):
        if not value:
            return qs
        terbaca = realisasi_visible(user=self.user, published_only=self.published_only)
        return qs.filter(pk__in=terbaca.filter(periode__tahun=self.tahun, status=value).values("rencana_aksi"))

    def filter_progres(self, qs, _name, value):
        if not value:
            return qs
        return rencana_progres_filter(qs, tahun=self.tahun, status=value)

    def bersih(self) -> dict:
        """The valid filters that are set, as ids and texts: what an export job stores to apply them again."""
        values = {name: self.nilai(name) for name in self.filters}
        return {name: value.pk if isinstance(value, Model) else value for name, value in values.items() if value}


class MatriksFilter(RencanaFilter):
    """The matrix's filters: which actions (klaster, indikator, OPD, text); the years are the matrix's columns."""

    TAHUNAN = ("status", "progres")

    def __init__(self, data=None, queryset=None, *, user: User | None = None, **kw):
        super().__init__(data, queryset, user=user, tahun=0, **kw)
        for name in self.TAHUNAN:
            self.filters.pop(name)


def rencana_filter_get(request) -> tuple[int, dict]:
    """The year (`?tahun=`, this year when unreadable) and the valid list filters of GET; bad values are ignored."""
    tahun = tahun_get(request)
    return tahun, RencanaFilter(request.GET, tahun=tahun).bersih()
