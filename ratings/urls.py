"""QCPM URLs, one module per part of the service so each can grow on its own."""

from django.urls import include, path

from ratings import views

app_name = "ratings"

urlpatterns = [
    path("", views.index, name="index"),
    path("methodologies/", include("ratings.definitions.urls")),
    path("kpi-data/", include("ratings.imports.urls")),
    path("", include("ratings.workflow.urls")),
    path("", include("ratings.reports.urls")),
]
