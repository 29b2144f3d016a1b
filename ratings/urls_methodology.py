"""URLs of the methodology pages; included by ratings/urls.py."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
