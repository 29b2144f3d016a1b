"""Self-assessment URLs: the national report, its settings and publication, and the public
pages, PDF and workbook of published reports (no sign-in)."""

from django.urls import path

from assessments.report import views

urlpatterns = [
    path("campaigns/<int:pk>/report/", views.report, name="report"),
    path("campaigns/<int:pk>/report/settings/", views.report_settings, name="report_settings"),
    path("campaigns/<int:pk>/report/publish/", views.report_publish, name="report_publish"),
    path("public/reports/", views.public_reports, name="public_reports"),
    path("public/reports/<int:year>/", views.public_report, name="public_report"),
    path("public/reports/<int:year>/report.pdf", views.public_report_pdf, name="public_report_pdf"),
    path(
        "public/reports/<int:year>/report.xlsx", views.public_report_xlsx, name="public_report_xlsx"
    ),
    path(
        "public/reports/<int:year>/tables/<slug:table>.csv",
        views.public_report_csv,
        name="public_report_csv",
    ),
]
