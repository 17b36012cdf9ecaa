"""URLs of the KLA framework pages."""

from django.urls import path

from . import views

app_name = "klaster"
urlpatterns = [
    path("", views.klaster_index, name="index"),
    path("indikator/<int:pk>/", views.indikator_detail, name="indikator_detail"),
    path("bobot/impor/", views.bobot_import_view, name="bobot_impor"),
    path("bobot/impor/simpan/", views.bobot_submit, name="bobot_simpan"),
    path("bobot/templat.xlsx", views.bobot_export_view, name="bobot_templat"),
]
