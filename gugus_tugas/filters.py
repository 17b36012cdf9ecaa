"""Filters of the organisation's lists: users, meetings, follow-ups."""

import django_filters
from django.utils import timezone

from core.filters import CentangFilter, PencarianFilter, Penyaring

from .models import OPD, Rapat, TindakLanjut, User


class PenggunaFilter(Penyaring):
    q = PencarianFilter(fields=["username", "nama_lengkap"])

    class Meta:
        model = User
        fields = []


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
