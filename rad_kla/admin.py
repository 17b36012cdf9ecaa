"""Admin for RAD KLA master data; a target that already has realisations changes only with a reason."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import PeriodePelaporan, Realisasi, RencanaAksi, TargetTahunan


class TargetTahunanForm(forms.ModelForm):
    alasan_perubahan = forms.CharField(
        label=_("Alasan perubahan"), required=False, help_text=_("Wajib bila tahun ini sudah memiliki realisasi.")
    )

    class Meta:
        model = TargetTahunan
        fields = ["tahun", "target", "pagu"]

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        changed = instance.pk and {"target", "pagu", "tahun"} & set(self.changed_data)
        if changed:
            has_realisasi = Realisasi.objects.filter(
                rencana_aksi_id=instance.rencana_aksi_id, periode__tahun=instance.tahun
            ).exists()
            if has_realisasi and not cleaned.get("alasan_perubahan", "").strip():
                self.add_error(
                    "alasan_perubahan", _("Target tahun ini sudah memiliki realisasi; tuliskan alasan perubahannya.")
                )
        # simple-history stores this as the history row's change reason.
        instance._change_reason = cleaned.get("alasan_perubahan", "").strip() or None
        return cleaned


class TargetTahunanInline(admin.TabularInline):
    model = TargetTahunan
    form = TargetTahunanForm
    extra = 0


@admin.register(RencanaAksi)
class RencanaAksiAdmin(SimpleHistoryAdmin):
    list_display = ["kode", "indikator_keluaran", "indikator", "opd", "sumber_dana", "aktif"]
    list_filter = ["aktif", "indikator__klaster", "opd", "sumber_dana"]
    search_fields = ["kode", "uraian", "indikator_keluaran", "kegiatan"]
    autocomplete_fields = ["opd_terkait"]
    list_select_related = ["indikator", "opd"]
    inlines = [TargetTahunanInline]


@admin.register(PeriodePelaporan)
class PeriodePelaporanAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "mulai", "selesai", "batas_lapor", "terbuka"]
    list_filter = ["tahun", "jenis", "terbuka"]
