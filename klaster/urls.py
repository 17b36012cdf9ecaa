"""URLs of the KLA framework pages."""

from django.urls import path

from . import views

app_name = "klaster"
urlpatterns = [
    path("", views.klaster_index, name="index"),
    path("indikator/<int:pk>/", views.indikator_detail, name="indikator_detail"),
]
