"""URLs of the import pages; included by ratings/urls.py at /ratings/kpi-data/."""

from django.urls import URLPattern, path

from ratings.imports import views

urlpatterns: list[URLPattern] = [
    path("", views.kpi_import_upload, name="kpi_import_upload"),
    path("template.<str:kind>", views.kpi_import_template, name="kpi_import_template"),
    path("imports/", views.kpi_import_list, name="kpi_import_list"),
    path("imports/<int:pk>/", views.kpi_import_detail, name="kpi_import_detail"),
    path("imports/<int:pk>/confirm/", views.kpi_import_confirm, name="kpi_import_confirm"),
]
