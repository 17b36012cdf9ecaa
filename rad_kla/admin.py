"""Admin for RAD KLA master data; yearly targets are saved and deleted through the services that hold their rules."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import NamaLainLokasi, NamaLainSumberDana, PemetaanImpor, PeriodePelaporan, RencanaAksi, TargetTahunan
from .services import target_tahunan_delete, target_tahunan_set

# The service's error keys that are not the inline's field names.
SERVICE_FIELDS = {"alasan": "alasan_perubahan"}


class _DryRun(Exception):
    pass


class TargetTahunanForm(forms.ModelForm):
    alasan_perubahan = forms.CharField(
        label=_("Alasan perubahan"), required=False, help_text=_("Wajib bila tahun ini sudah memiliki realisasi.")
    )

    class Meta:
        model = TargetTahunan
        fields = ["tahun", "target", "pagu"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A saved target is the target of its year: target_tahunan_set finds it by the year, so the year stays.
        if self.instance.pk:
            self.fields["tahun"].disabled = True

    def target_set(self, *, by=None):
        data = self.cleaned_data
        return target_tahunan_set(
            rencana=self.instance.rencana_aksi,
            tahun=data["tahun"],
            target=data["target"],
            pagu=data["pagu"],
            by=by,
            alasan=data.get("alasan_perubahan", ""),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE") and self.instance.pk:
            # A copy is deleted: deleting clears the instance's pk, and the formset deletes by it afterwards.
            target = TargetTahunan.objects.get(pk=self.instance.pk)
            if not self._service_errors_add(lambda: target_tahunan_delete(target=target, by=None)):
                # A refused deletion keeps the row, so the formset shows its error instead of skipping it.
                cleaned["DELETE"] = False
            return cleaned
        if self.errors or cleaned.get("DELETE") or not self.has_changed():
            return cleaned
        self._service_errors_add(self.target_set)
        return cleaned

    def _service_errors_add(self, action) -> bool:
        """Run the service and roll it back, so its rules decide and its errors show on this row; True if it passed."""
        try:
            with transaction.atomic():
                action()
                raise _DryRun
        except _DryRun:
            return True
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, messages in error.error_dict.items():
                    name = SERVICE_FIELDS.get(field, field)
                    self.add_error(name if name in self.fields else None, messages)
            else:
                self.add_error(None, error)
            return False


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

    def get_inline_instances(self, request, obj=None):
        # Targets need a saved action (the service checks its realisations), so they are added on its change page.
        return super().get_inline_instances(request, obj) if obj is not None else []

    def save_formset(self, request, form, formset, change):
        if formset.model is not TargetTahunan:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # fills new/changed/deleted objects for the admin's change message
        for target in formset.deleted_objects:
            target_tahunan_delete(target=target, by=request.user)
        for target_form in formset.forms:
            if target_form in formset.deleted_forms or not target_form.has_changed():
                continue
            target_form.instance = target_form.target_set(by=request.user)


@admin.register(PeriodePelaporan)
class PeriodePelaporanAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "mulai", "selesai", "batas_lapor", "terbuka"]
    list_filter = ["tahun", "jenis", "terbuka"]


@admin.register(NamaLainSumberDana)
class NamaLainSumberDanaAdmin(admin.ModelAdmin):
    list_display = ["nama", "sumber_dana"]
    list_filter = ["sumber_dana"]
    search_fields = ["nama"]


@admin.register(NamaLainLokasi)
class NamaLainLokasiAdmin(admin.ModelAdmin):
    list_display = ["nama", "wilayah"]
    search_fields = ["nama"]
    autocomplete_fields = ["wilayah"]


@admin.register(PemetaanImpor)
class PemetaanImporAdmin(admin.ModelAdmin):
    list_display = ["nama", "diubah_oleh", "diubah_pada"]
    search_fields = ["nama"]
    readonly_fields = ["diubah_oleh", "diubah_pada"]
