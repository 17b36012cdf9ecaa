"""Admin for the organisation's master data; roles are set through the role service, meetings on their pages.

Meetings and follow-ups appear here read-only, for their change history (who changed what and when).
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    OPD,
    AnggotaGugusTugas,
    PengingatTindakLanjut,
    ProfilDaerah,
    Rapat,
    SKGugusTugas,
    TindakLanjut,
    User,
    Wilayah,
)
from .services import user_peran_set


@admin.register(OPD)
class OPDAdmin(admin.ModelAdmin):
    list_display = ["nama", "singkatan", "jenis", "aktif"]
    list_filter = ["jenis", "aktif"]
    search_fields = ["nama", "singkatan"]


@admin.register(Wilayah)
class WilayahAdmin(admin.ModelAdmin):
    list_display = ["nama", "jenis", "induk", "kode"]
    list_filter = ["jenis", "induk"]
    search_fields = ["nama"]


@admin.register(ProfilDaerah)
class ProfilDaerahAdmin(SimpleHistoryAdmin):
    list_display = ["nama_daerah", "jenis", "provinsi", "predikat_saat_ini", "predikat_target"]

    def has_add_permission(self, request):
        # One installation serves one region.
        return not ProfilDaerah.objects.exists()


class AnggotaInline(admin.TabularInline):
    model = AnggotaGugusTugas
    extra = 1
    autocomplete_fields = ["opd"]


@admin.register(SKGugusTugas)
class SKGugusTugasAdmin(SimpleHistoryAdmin):
    list_display = ["nomor", "tanggal", "berlaku_mulai", "berlaku_sampai"]
    inlines = [AnggotaInline]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "nama_lengkap", "peran", "opd", "klaster", "is_active"]
    list_filter = ["peran", "opd", "is_active"]
    search_fields = ["username", "nama_lengkap", "email"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Data diri"), {"fields": ("nama_lengkap", "jabatan", "email")}),
        (_("Peran"), {"fields": ("peran", "opd", "klaster", "is_active")}),
        (_("Hak akses Django"), {"fields": ("is_superuser",), "classes": ("collapse",)}),
        (_("Waktu penting"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        (_("Peran"), {"fields": ("nama_lengkap", "peran", "opd", "klaster")}),
    )

    def get_readonly_fields(self, request, obj=None):
        readonly = ["last_login", "date_joined"]
        if not request.user.is_superuser:
            readonly.append("is_superuser")
        return readonly

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        user_peran_set(user=obj, peran=obj.peran, opd=obj.opd, klaster=obj.klaster)


@admin.register(PengingatTindakLanjut)
class PengingatTindakLanjutAdmin(admin.ModelAdmin):
    """The log of reminder emails, read-only: a row here is what stops a second email that day."""

    list_display = ["tanggal", "opd", "jumlah_tindak_lanjut", "penerima", "dikirim_pada"]
    list_filter = ["tanggal", "opd"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """Written only through the meeting pages, whose services keep closed minutes locked."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Rapat)
class RapatAdmin(ReadOnlyHistoryAdmin):
    list_display = ["judul", "jenis", "mulai", "status", "penyelenggara"]
    list_filter = ["status", "jenis"]
    search_fields = ["judul", "tempat"]
    date_hierarchy = "mulai"
    list_select_related = ["penyelenggara"]


@admin.register(TindakLanjut)
class TindakLanjutAdmin(ReadOnlyHistoryAdmin):
    list_display = ["__str__", "opd", "batas_waktu", "status", "rapat"]
    list_filter = ["status", "opd"]
    search_fields = ["uraian", "rapat__judul"]
    list_select_related = ["opd", "rapat"]
