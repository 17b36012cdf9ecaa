"""Filters of the case lists: cases (and their SIMFONI export) and the access log."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import PencarianFilter, Penyaring

from .forms import DATE, CompactForm
from .models import AksesLog, JenisKekerasan, Kasus, StatusKasus
from .selectors import kecamatan_pilihan_list, pengguna_log_pilihan_list


class KasusFilter(Penyaring):
    q = PencarianFilter(fields=["nomor_registrasi"], label=_("Nomor registrasi"))
    dari = django_filters.DateFilter(
        field_name="tanggal_lapor", lookup_expr="gte", label=_("Dilaporkan dari"), widget=DATE
    )
    sampai = django_filters.DateFilter(field_name="tanggal_lapor", lookup_expr="lte", label=_("sampai"), widget=DATE)
    kecamatan = django_filters.ModelChoiceFilter(
        field_name="kelurahan__induk", queryset=kecamatan_pilihan_list(), label=_("Kecamatan")
    )
    jenis = django_filters.ChoiceFilter(
        field_name="jenis_kekerasan__jenis", choices=JenisKekerasan.choices, label=_("Jenis kekerasan"), empty_label="—"
    )
    status = django_filters.ChoiceFilter(choices=StatusKasus.choices, label=_("Status"), empty_label="—")

    class Meta:
        model = Kasus
        fields = []
        form = CompactForm


class AksesLogFilter(Penyaring):
    pengguna = django_filters.ModelChoiceFilter(queryset=pengguna_log_pilihan_list(), label=_("Pengguna"))
    aksi = django_filters.ChoiceFilter(choices=AksesLog.Aksi.choices, label=_("Aksi"), empty_label="—")
    nomor = PencarianFilter(fields=["kasus__nomor_registrasi"], label=_("Nomor kasus"))
    dari = django_filters.DateFilter(field_name="waktu__date", lookup_expr="gte", label=_("Dari"), widget=DATE)
    sampai = django_filters.DateFilter(field_name="waktu__date", lookup_expr="lte", label=_("Sampai"), widget=DATE)

    class Meta:
        model = AksesLog
        fields = []
        form = CompactForm
