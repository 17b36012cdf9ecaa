"""URLs of the RAD KLA pages."""

from django.urls import path

from . import excel_views, matriks_views, nama_lain_views, views

app_name = "rad_kla"
urlpatterns = [
    path("", views.rencana_index, name="index"),
    path("ekspor/", excel_views.rencana_export_view, name="ekspor"),
    path("ekspor/<int:pk>/", excel_views.ekspor_detail, name="ekspor_detail"),
    path("ekspor/<int:pk>/status/", excel_views.ekspor_status, name="ekspor_status"),
    path("ekspor/<int:pk>/unduh/", excel_views.ekspor_download, name="ekspor_unduh"),
    path("impor/", excel_views.rencana_import_view, name="impor"),
    path("impor/templat/", excel_views.rencana_templat, name="templat_impor"),
    path("impor/<int:pk>/", excel_views.impor_detail, name="impor_detail"),
    path("impor/<int:pk>/status/", excel_views.impor_status, name="impor_status"),
    path("impor/<int:pk>/simpan/", excel_views.impor_submit, name="impor_simpan"),
    path("impor/<int:pk>/pemetaan/", excel_views.impor_pemetaan, name="impor_pemetaan"),
    path("impor/<int:pk>/periksa-ulang/", excel_views.impor_periksa_ulang, name="impor_periksa_ulang"),
    path("impor/<int:pk>/alias-opd/<int:nomor>/", excel_views.impor_alias_opd, name="impor_alias_opd"),
    path("saya/", views.rencana_saya, name="saya"),
    path("nama-lain/", nama_lain_views.nama_lain_index, name="nama_lain"),
    path(
        "nama-lain/sumber-dana/<int:pk>/hapus/",
        nama_lain_views.nama_lain_sumber_dana_delete_view,
        name="nama_lain_sumber_dana_hapus",
    ),
    path(
        "nama-lain/lokasi/<int:pk>/hapus/", nama_lain_views.nama_lain_lokasi_delete_view, name="nama_lain_lokasi_hapus"
    ),
    path("rekap/", views.rekap, name="rekap"),
    path("matriks/", matriks_views.matriks_index, name="matriks"),
    path("matriks/unduh/", matriks_views.matriks_download, name="matriks_unduh"),
    path("verifikasi/", views.verifikasi_index, name="verifikasi"),
    path("periode/", views.periode_index, name="periode"),
    path("periode/<int:pk>/", views.periode_update_view, name="periode_ubah"),
    path("periode/<int:pk>/status/", views.periode_status_set_view, name="periode_status"),
    path("aksi/<int:pk>/", views.rencana_detail, name="detail"),
    path("aksi/<int:pk>/tindak-lanjut/", views.rencana_tindak_lanjut, name="tindak_lanjut"),
    path("aksi/<int:pk>/realisasi/<int:periode_pk>/", views.realisasi_update_view, name="realisasi_isi"),
    path("realisasi/<int:pk>/", views.realisasi_detail, name="realisasi_detail"),
    path("realisasi/<int:pk>/periksa/", views.realisasi_verify_view, name="realisasi_periksa"),
    path("bukti/<int:pk>/", views.bukti_download, name="bukti_unduh"),
    path("bukti/<int:pk>/hapus/", views.bukti_delete, name="bukti_hapus"),
]
