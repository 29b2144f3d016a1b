from django.apps import AppConfig


class WebConfig(AppConfig):
    """The top of the site: home pages, static pages, error pages and the audit log page."""

    name = "web"
    verbose_name = "Web"

    def ready(self) -> None:
        from access.permissions import can_read_audit_log
        from core.navigation import NavEntry, register

        register(NavEntry("Home", "web:home", order=0, namespace="web"))
        register(
            NavEntry(
                "Audit log",
                "web:audit_log",
                order=90,
                namespace="web",
                url_prefixes=("audit",),
                shown=can_read_audit_log,
            )
        )
