"""The e-mail log of notifications for the secretariat, read-only: what was sent when, what failed and why."""

from django.contrib import admin

from .models import Notifikasi


@admin.register(Notifikasi)
class NotifikasiAdmin(admin.ModelAdmin):
    list_display = ["dibuat_pada", "penerima", "jenis", "email_status", "email_percobaan", "email_terkirim_pada"]
    list_filter = ["email_status", "jenis", "hari"]
    search_fields = ["penerima__username", "kunci"]
    list_select_related = ["penerima"]
    fields = [
        "penerima",
        "jenis",
        "judul",
        "tautan",
        "kunci",
        "hari",
        "dibuat_pada",
        "dibaca_pada",
        "email_status",
        "email_percobaan",
        "email_galat",
        "email_terkirim_pada",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
