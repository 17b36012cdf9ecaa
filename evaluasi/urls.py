"""URLs of the dashboard, self-assessment and report pages."""

from django.urls import path

from . import views

app_name = "evaluasi"
urlpatterns = [
    path("evaluasi/", views.evaluasi_index, name="index"),
    path("evaluasi/<int:tahun>/indikator/<int:pk>/", views.penilaian_indikator, name="indikator"),
    path("evaluasi/<int:tahun>/finalisasi/", views.penilaian_finalize, name="finalisasi"),
    path("evaluasi/<int:tahun>/hasil-resmi/", views.hasil_resmi, name="hasil_resmi"),
    path("evaluasi/bukti/<int:pk>/", views.bukti_download, name="bukti_unduh"),
    path("evaluasi/bukti/<int:pk>/hapus/", views.bukti_delete, name="bukti_hapus"),
    path("laporan/", views.laporan_index, name="laporan"),
    path("laporan/<int:pk>/status/", views.laporan_status, name="laporan_status"),
    path("laporan/<int:pk>/unduh/", views.laporan_download, name="laporan_unduh"),
]
