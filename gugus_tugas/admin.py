"""Admin for the organisation's master data; roles are set through the role service, meetings on their pages.

Meetings and follow-ups appear here read-only, for their change history (who changed what and when).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    OPD,
    PERAN_IDENTITAS,
    AnggotaGugusTugas,
    NamaLainOPD,
    PengingatTindakLanjut,
    ProfilDaerah,
    Rapat,
    SKGugusTugas,
    TindakLanjut,
    User,
    Wilayah,
)
from .resources import FORMAT_BERKAS, OPDResource, WilayahResource
from .services import pengguna_password_set, pengguna_update


class NamaLainInline(admin.TabularInline):
    model = NamaLainOPD
    extra = 1


class DataIndukAdmin(ImportExportModelAdmin):
    """Master data with spreadsheet import and export; a refused file is told in the app's own words."""

    formats = FORMAT_BERKAS

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ValidationError):
            form.add_error("import_file", e.messages)
        else:
            super().add_data_read_fail_error_to_form(form, e)


@admin.register(OPD)
class OPDAdmin(DataIndukAdmin):
    """A region's ~40 OPDs come in one spreadsheet (Impor) instead of one form each."""

    resource_classes = [OPDResource]
    list_display = ["nama", "singkatan", "jenis", "aktif"]
    list_filter = ["jenis", "aktif"]
    search_fields = ["nama", "singkatan", "nama_lain__nama"]
    inlines = [NamaLainInline]


@admin.register(Wilayah)
class WilayahAdmin(DataIndukAdmin):
    """A regency's kecamatan, desa and kelurahan come in one spreadsheet (Impor) instead of one form each."""

    resource_classes = [WilayahResource]
    list_display = ["nama", "jenis", "induk", "kode"]
    list_filter = ["jenis", "induk"]
    search_fields = ["nama"]


@admin.register(ProfilDaerah)
class ProfilDaerahAdmin(SimpleHistoryAdmin):
    list_display = ["nama_daerah", "jenis", "provinsi", "predikat_saat_ini", "predikat_target"]
    # The logo is uploaded on the Data Master page, which checks that it is a small PNG or JPEG.
    exclude = ["logo"]

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
    """Accounts; identity-reading roles and superuser accounts are the superuser's alone (user_update checks it too)."""

    list_display = ["username", "nama_lengkap", "peran", "opd", "klaster", "is_active"]
    list_filter = ["peran", "opd", "is_active"]
    search_fields = ["username", "nama_lengkap", "email"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Data diri"), {"fields": ("nama_lengkap", "jabatan", "email")}),
        (_("Peran"), {"fields": ("peran", "opd", "klaster", "is_active", "wajib_ganti_password")}),
        (_("Hak akses Django"), {"fields": ("is_superuser",), "classes": ("collapse",)}),
        (_("Waktu penting"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        (_("Peran"), {"fields": ("nama_lengkap", "email", "peran", "opd", "klaster")}),
    )

    @staticmethod
    def _is_locked_for(request, obj) -> bool:
        return obj is not None and obj.akun_terlindungi and not request.user.is_superuser

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._is_locked_for(request, obj):
            return fieldsets
        # No "set password" link for an account whose password only a superuser may set.
        first, *rest = fieldsets
        return ((first[0], {**first[1], "fields": ("username",)}), *rest)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["last_login", "date_joined", "wajib_ganti_password"]
        if not request.user.is_superuser:
            readonly.append("is_superuser")
        if self._is_locked_for(request, obj):
            readonly += ["username", "email", "peran"]
        return readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "peran" and not request.user.is_superuser:
            kwargs["choices"] = [
                (value, label)
                for value, label in db_field.get_choices(include_blank=True)
                if value not in PERAN_IDENTITAS
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._is_locked_for(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        pengguna_update(user=obj, by=request.user)

    def user_change_password(self, request, id, form_url=""):
        """Django's set-password page, saving through user_password_set so the flag and the audit follow."""
        target = self.get_object(request, unquote(id))
        if self._is_locked_for(request, target):
            raise PermissionDenied
        if request.method != "POST" or target is None:
            return super().user_change_password(request, id, form_url)
        form = self.change_password_form(target, request.POST)
        if not form.is_valid() or not (form.cleaned_data["set_usable_password"] or "unset-password" in request.POST):
            # Django's own view renders the errors (or the conflicting-buttons message).
            return super().user_change_password(request, id, form_url)
        password = form.cleaned_data["password1"] if form.cleaned_data["set_usable_password"] else None
        pengguna_password_set(user=target, password=password, by=request.user)
        self.log_change(request, target, self.construct_change_message(request, form, None))
        if target.wajib_ganti_password:
            messages.success(request, _("Kata sandi ditetapkan; pengguna wajib menggantinya saat masuk berikutnya."))
        else:
            messages.success(request, _("Kata sandi disimpan."))
        update_session_auth_hash(request, target)
        return redirect("admin:gugus_tugas_user_change", target.pk)


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
