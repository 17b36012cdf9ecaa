"""URLs of notifications."""

from django.urls import path

from . import views

app_name = "notifikasi"
urlpatterns = [
    path("", views.notifikasi_index, name="index"),
    path("<int:pk>/buka/", views.notifikasi_open, name="buka"),
    path("baca-semua/", views.notifikasi_read_all, name="baca_semua"),
    path("pengaturan/", views.preferensi_update_view, name="pengaturan"),
]
