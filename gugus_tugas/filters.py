"""Filters of the organisation's lists: users, meetings, follow-ups."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import CentangFilter, PencarianFilter, Penyaring

from .models import OPD, Peran, Rapat, TindakLanjut, User


class PenggunaFilter(Penyaring):
    q = PencarianFilter(fields=["username", "nama_lengkap", "email", "telepon"])
    peran = django_filters.ChoiceFilter(choices=Peran.choices, empty_label=_("Semua peran"))
    opd = django_filters.ModelChoiceFilter(queryset=OPD.objects.all(), empty_label=_("Semua OPD"))
    aktif = django_filters.ChoiceFilter(
        field_name="is_active",
        choices=[("1", _("Aktif")), ("0", _("Nonaktif"))],
        empty_label=_("Aktif dan nonaktif"),
        method="filter_aktif",
    )

    class Meta:
        model = User
        fields = []

    def filter_aktif(self, qs, _name, value):
        if value in ("", None):
            return qs
        return qs.filter(is_active=value == "1")


class RapatFilter(Penyaring):
    q = PencarianFilter(fields=["judul", "tempat"])
    jenis = django_filters.ChoiceFilter(choices=Rapat.Jenis.choices)
    status = django_filters.ChoiceFilter(choices=Rapat.Status.choices)

    class Meta:
        model = Rapat
        fields = []


class TindakLanjutFilter(Penyaring):
    q = PencarianFilter(fields=["uraian", "rapat__judul"])
    status = django_filters.ChoiceFilter(choices=TindakLanjut.Status.choices)
    opd = django_filters.ModelChoiceFilter(queryset=OPD.objects.all())
    terlambat = CentangFilter(method="filter_terlambat")

    class Meta:
        model = TindakLanjut
        fields = []

    def filter_terlambat(self, qs, _name, value):
        if not value:
            return qs
        return qs.filter(batas_waktu__lt=timezone.localdate()).exclude(status=TindakLanjut.Status.SELESAI)
