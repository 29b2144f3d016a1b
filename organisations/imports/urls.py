"""The import pages, under the organisations namespace (``organisations:import_upload``)."""

from django.urls import path

from organisations.imports import views

urlpatterns = [
    path("", views.imports, name="imports"),
    path("new/", views.import_upload, name="import_upload"),
    path("<int:pk>/", views.import_detail, name="import_detail"),
    path("<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
]
