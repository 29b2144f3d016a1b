from django.apps import AppConfig


class AccessConfig(AppConfig):
    """Roles, memberships, the people pages, and each request's Scope."""

    name = "access"
    verbose_name = "Access"

    def ready(self) -> None:
        from access.models import Membership
        from access.scope import scope_for
        from core import scope
        from core.audit import register

        register(Membership)
        # Organisations and programmes narrow their querysets with core.scope.scope_of(user).
        scope.install(scope_for)

        from access.permissions import can_manage_people
        from access.selectors import profile_people
        from core.navigation import NavEntry
        from core.navigation import register as add_to_navigation
        from core.profile import ProfileSection
        from core.profile import register as add_to_profile

        add_to_navigation(
            NavEntry(
                "People",
                "access:people",
                order=60,
                namespace="access",
                url_prefixes=("people", "person", "membership"),
                shown=can_manage_people,
            )
        )
        add_to_profile(
            ProfileSection("people", "access/profile/people.html", profile_people, order=90)
        )

        from access.live import LIVE_WORK
        from organisations.live import register as add_live_work

        # An import preview shows what moves with an organisation it changes.
        for work in LIVE_WORK:
            add_live_work(work)
