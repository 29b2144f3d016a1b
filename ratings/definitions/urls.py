"""URLs of the KPI definition and methodology pages; included by ratings/urls.py."""

from django.urls import path

from ratings.definitions import views

urlpatterns = [
    path("", views.methodology_list, name="methodology_list"),
    path("kpis/", views.kpi_definitions, name="methodology_kpi_definitions"),
    path("new/", views.methodology_create, name="methodology_create"),
    path("<int:pk>/", views.methodology_detail, name="methodology_detail"),
    path("<int:pk>/settings/", views.methodology_edit, name="methodology_edit"),
    path("<int:pk>/clone/", views.methodology_clone, name="methodology_clone"),
    path("<int:pk>/kpis/", views.methodology_kpis_edit, name="methodology_kpis_edit"),
    path("<int:pk>/kpis/add/", views.methodology_kpi_add, name="methodology_kpi_add"),
    path(
        "<int:pk>/kpis/<str:code>/remove/",
        views.methodology_kpi_remove,
        name="methodology_kpi_remove",
    ),
]
