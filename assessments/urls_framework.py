"""Self-assessment URLs: framework."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
