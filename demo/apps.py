from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demonstration data: a realistic register, QCPM years and self-assessments, and the
    demo sign-ins (only in demo mode)."""

    name = "demo"
    verbose_name = "Demo data"
