"""Admin for cases: read-only, never a victim's or perpetrator's identity (those models are not registered)."""

from django.contrib import admin

from .models import AksesLog, Kasus


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Kasus)
class KasusAdmin(ReadOnlyAdmin):
    list_display = ["nomor_registrasi", "tanggal_lapor", "kelurahan", "status", "dihapus_pada"]
    list_filter = ["status", "tempat_kejadian"]
    search_fields = ["nomor_registrasi"]
    # Only non-identifying fields; the chronology and the other free text may name the child
    # (kasus.models.TEKS_BEBAS), and Layanan, RiwayatStatus and CatatanKasus are not registered.
    fields = [
        "nomor_registrasi",
        "tanggal_lapor",
        "tanggal_kejadian",
        "saluran",
        "kelurahan",
        "tempat_kejadian",
        "status",
        "dibuat_oleh",
        "dibuat_pada",
        "dihapus_pada",
        "dihapus_oleh",
        "alasan_hapus",
    ]
    readonly_fields = fields


@admin.register(AksesLog)
class AksesLogAdmin(ReadOnlyAdmin):
    list_display = ["urutan", "waktu", "pengguna", "aksi", "kasus", "jenis_alasan", "alasan", "keterangan"]
    list_filter = ["aksi", "jenis_alasan", "waktu"]
    search_fields = ["kasus__nomor_registrasi", "pengguna__username", "alasan"]
    fields = [
        "urutan",
        "waktu",
        "pengguna",
        "aksi",
        "kasus",
        "jenis_alasan",
        "alasan",
        "keterangan",
        "hash_sebelum",
        "hash",
    ]
    readonly_fields = fields
