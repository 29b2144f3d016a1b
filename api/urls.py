"""The API's human pages (its documentation); the API itself is ``api.v1.api.urls``."""

from django.urls import path

from api import views

app_name = "api"

urlpatterns = [
    path("v1/docs/", views.docs, name="docs"),
]
