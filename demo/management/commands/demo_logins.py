"""Print the demo sign-ins: e-mail, role and organisation, and the shared password."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Prefetch

from access.models import Membership
from accounts.models import User
from demo.personas import DEMO_EMAILS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "List the demo users to sign in as (demo mode only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            self.stdout.write(
                "Demo mode is off (set EDQUALITY_DEMO=true), so there are no demo sign-ins."
            )
            return
        users = {
            user.email: user
            for user in User.objects.filter(email__in=DEMO_EMAILS).prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.select_related("organisation"),
                )
            )
        }
        if not users:
            self.stdout.write(
                "The demo users do not exist yet: run python manage.py seed_demo first."
            )
            return
        rows = [("E-mail", "Role", "Organisation")]
        for email in DEMO_EMAILS:
            user = users.get(email)
            if user is None:
                continue
            memberships = list(user.memberships.all())
            if not memberships:
                rows.append((email, "(no role)", ""))
            for membership in memberships:
                rows.append((email, membership.get_role_display(), membership.organisation.name))
        widths = [max(len(row[column]) for row in rows) for column in range(2)]
        self.stdout.write("Demo sign-ins:")
        for number, (email, role, organisation) in enumerate(rows):
            line = f"  {email:<{widths[0]}}  {role:<{widths[1]}}  {organisation}".rstrip()
            self.stdout.write(self.style.MIGRATE_HEADING(line) if number == 0 else line)
        self.stdout.write(f"Password for every demo user: {DEMO_PASSWORD}")
