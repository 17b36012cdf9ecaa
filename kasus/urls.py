"""URLs of the case-record pages."""

from django.urls import path

from . import views

app_name = "kasus"
urlpatterns = [
    path("", views.kasus_index, name="index"),
    path("tambah/", views.kasus_create_view, name="tambah"),
    path("statistik/", views.kasus_statistik, name="statistik"),
    path("ekspor/", views.kasus_export_view, name="ekspor"),
    path("log-akses/", views.log_akses, name="log_akses"),
    path("<int:pk>/", views.kasus_detail, name="detail"),
    path("<int:pk>/identitas/", views.kasus_identitas, name="identitas"),
    path("<int:pk>/sembunyikan/", views.kasus_identitas_tutup, name="sembunyikan"),
    path("<int:pk>/ubah/", views.kasus_update_view, name="ubah"),
    path("<int:pk>/status/", views.kasus_status, name="status"),
    path("<int:pk>/layanan/", views.kasus_layanan, name="layanan"),
    path("<int:pk>/catatan/", views.kasus_catatan, name="catatan"),
    path("<int:pk>/hapus/", views.kasus_delete_view, name="hapus"),
]
