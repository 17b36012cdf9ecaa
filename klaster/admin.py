"""Admin for the KLA framework; indicator weights are edited together so they keep summing to 1000."""

from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import BaseModelFormSet
from django.utils.translation import gettext as _

from .models import SKOR_MAKSIMUM, Indikator, Klaster, Predikat, VersiKerangka
from .selectors import indikator_aktif_list


@admin.register(Klaster)
class KlasterAdmin(admin.ModelAdmin):
    list_display = ["urutan", "kode", "nama"]
    list_display_links = ["nama"]


class BobotFormSet(BaseModelFormSet):
    """Checks, for every year an edited indicator is in force, that the weights sum to 1000."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        changed = [form for form in self.forms if form.has_changed()]
        edited = {form.instance.pk: form.cleaned_data["bobot"] for form in changed}
        for tahun in sorted({form.instance.berlaku_mulai for form in changed}):
            total = sum((edited.get(i.pk, i.bobot) for i in indikator_aktif_list(tahun=tahun)), Decimal(0))
            if total != SKOR_MAKSIMUM:
                raise ValidationError(
                    _("Jumlah bobot indikator tahun %(tahun)s menjadi %(total)s; harus tepat %(maks)s.")
                    % {"tahun": tahun, "total": total, "maks": SKOR_MAKSIMUM}
                )


@admin.register(Indikator)
class IndikatorAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "klaster", "bobot", "arah", "berlaku_mulai", "berlaku_sampai"]
    list_editable = ["bobot"]
    list_filter = ["klaster", "arah", "berlaku_mulai"]
    search_fields = ["kode", "nama"]
    list_per_page = 100

    def get_changelist_formset(self, request, **kwargs):
        kwargs["formset"] = BobotFormSet
        return super().get_changelist_formset(request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # A single weight changed alone breaks the total; weights are edited in the list.
        return ["bobot"] if obj else []


@admin.register(Predikat)
class PredikatAdmin(admin.ModelAdmin):
    list_display = ["urutan", "nama", "skor_minimum"]


@admin.register(VersiKerangka)
class VersiKerangkaAdmin(admin.ModelAdmin):
    list_display = ["nama", "berlaku_mulai", "berlaku_sampai", "dasar_hukum"]
