"""QCPM URLs, one module per part of the service so each can grow on its own."""

from django.urls import include, path

from ratings import views

app_name = "ratings"

urlpatterns = [
    path("", views.index, name="index"),
    path("methodologies/", include("ratings.urls_methodology")),
    path("kpi-data/", include("ratings.urls_import")),
    path("", include("ratings.urls_workflow")),
    path("", include("ratings.urls_reports")),
]
