from django.urls import path

from web import views, views_audit

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("audit/", views_audit.audit_log, name="audit_log"),
]
