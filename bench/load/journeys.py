"""What each kind of user does during the load test (locust users over HTTP).

Every request is named by its group ("page: ...", "autosave", "import: ..."), so the figures
can be read per kind of request; each user signs in through the real sign-in form.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from pathlib import Path
from typing import Any

from django_otp.oath import totp
from locust import HttpUser, between, task

WORLD: dict[str, Any] = json.loads(Path(os.environ["LOAD_WORLD"]).read_text(encoding="utf-8"))
KPI_FILE = Path(os.environ["LOAD_WORLD"]).parent / "kpis.csv"
VALUES = ("met", "partially_met", "not_met")
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
# Autosaves acknowledged by the service: (submission, question) -> the comment last saved.
# The runner compares them with the database afterwards: a saved answer must not be lost.
SAVED: dict[tuple[int, int], str] = {}
IMPORTS: list[int] = []


def hidden_fields(html: str) -> dict[str, str]:
    return dict(HIDDEN.findall(html))


class SignedIn(HttpUser):
    abstract = True
    email = ""

    def sign_in(self, email: str) -> None:
        page = self.client.get("/accounts/sign-in/", name="page: sign-in")
        fields = hidden_fields(page.text)
        fields.update({"username": email, "password": WORLD["password"]})
        with self.client.post(
            "/accounts/sign-in/", data=fields, name="sign-in", catch_response=True
        ) as response:
            if "/accounts/sign-in/" in response.url:
                response.failure(f"sign-in as {email} did not succeed")
            elif "/accounts/two-step/verify/" in response.url:
                self.give_code(response.text)

    def give_code(self, page: str) -> None:
        """Staff give the code their authenticator app would show (production asks)."""
        for attempt in range(3):
            # A code is taken once per 30 s step; a second user of the same account waits.
            code = totp(bytes.fromhex(WORLD["totp_key"]), drift=attempt)
            fields = hidden_fields(page) | {"code": f"{code:06d}"}
            with self.client.post(
                "/accounts/two-step/verify/", data=fields, name="sign-in: code", catch_response=True
            ) as response:
                if "/accounts/two-step/verify/" not in response.url:
                    return
                response.success()
                page = response.text
            time.sleep(1 + attempt)

    def csrf(self) -> str:
        return str(self.client.cookies.get("csrftoken", ""))


class PublicVisitor(HttpUser):
    """Anonymous: the home page, published ratings and national reports."""

    weight = 4
    wait_time = between(1, 4)

    @task(2)
    def home(self) -> None:
        self.client.get("/", name="page: home")

    @task(3)
    def public_ratings(self) -> None:
        year = WORLD["public_year"]
        self.client.get(f"/ratings/public/?year={year}", name="page: public ratings")
        provider = random.choice(WORLD["providers"])  # noqa: S311
        self.client.get(
            f"/ratings/public/provider/{provider}/?year={year}", name="page: public provider"
        )

    @task(1)
    def national_report(self) -> None:
        self.client.get("/self-assessment/public/reports/", name="page: public reports")
        year = random.choice(WORLD["report_years"])  # noqa: S311
        self.client.get(f"/self-assessment/public/reports/{year}/", name="page: public report")


class Staff(SignedIn):
    """A quality administrator or regional lead: dashboards, the matrix, a round."""

    weight = 2
    wait_time = between(1, 4)

    taken = 0

    def on_start(self) -> None:
        self.sign_in(WORLD["staff"][Staff.taken % len(WORLD["staff"])])
        Staff.taken += 1

    @task(2)
    def dashboard(self) -> None:
        self.client.get("/", name="page: dashboard")

    @task(2)
    def matrix(self) -> None:
        self.client.get(f"/ratings/matrix/?year={WORLD['round_year']}", name="page: matrix")

    @task(1)
    def round_page(self) -> None:
        self.client.get(
            f"/ratings/rounds/{WORLD['round_year']}/{WORLD['round_region']}/", name="page: round"
        )

    @task(1)
    def organisations(self) -> None:
        self.client.get("/organisations/?q=hospital", name="page: organisations")


class Contributor(SignedIn):
    """A placement provider contributor answering their form: the domain page, then answers
    saved one by one as they are given (the form's autosave)."""

    weight = 3
    wait_time = between(0.5, 2)
    taken = 0

    def on_start(self) -> None:
        mine = WORLD["contributors"][Contributor.taken % len(WORLD["contributors"])]
        Contributor.taken += 1
        self.submission = mine["submission"]
        self.revisions: dict[int, int] = {}
        self.turn = 0
        self.sign_in(mine["email"])
        self.domain_page()

    @task(1)
    def domain_page(self) -> None:
        page = self.client.get(
            f"/self-assessment/submissions/{self.submission}/domain/{WORLD['domain']}/",
            name="page: form domain",
        )
        fields = hidden_fields(page.text)
        for question, prefix in re.findall(
            r'data-question="(\d+)" data-prefix="([^"]+)"', page.text
        ):
            revision = fields.get(f"{prefix}-revision")
            if revision is not None:
                self.revisions[int(question)] = int(revision)

    @task(6)
    def autosave(self) -> None:
        question = random.choice(WORLD["questions"])  # noqa: S311
        self.turn += 1
        comment = f"Load test answer {self.submission}-{question}-{self.turn}-{time.time_ns()}"
        with self.client.post(
            f"/self-assessment/submissions/{self.submission}/answer/",
            data={
                "question": question,
                "value": random.choice(VALUES),  # noqa: S311
                "comment": comment,
                "revision": self.revisions.get(question, 0),
            },
            headers={"X-CSRFToken": self.csrf()},
            name="autosave",
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                self.revisions[question] = response.json()["revision"]
                SAVED[(self.submission, question)] = comment
            elif response.status_code == 409:
                # Someone saved it first (the form shows both): take theirs and carry on.
                response.success()
                self.domain_page()


class ContractManager(SignedIn):
    """Uploads one large KPI file, confirms it (the worker applies it) and watches it."""

    fixed_count = 1
    wait_time = between(2, 5)

    def on_start(self) -> None:
        self.sign_in(WORLD["contract_manager"])
        self.run_id: int | None = None

    @task
    def kpi_import(self) -> None:
        if self.run_id is not None:
            self.client.get(f"/ratings/kpi-data/imports/{self.run_id}/", name="import: progress")
            return
        page = self.client.get("/ratings/kpi-data/", name="page: KPI upload")
        fields = hidden_fields(page.text)
        with KPI_FILE.open("rb") as upload:
            preview = self.client.post(
                "/ratings/kpi-data/",
                data=fields,
                files={"file": ("load-kpis.csv", upload, "text/csv")},
                name="import: upload and check",
            )
        found = re.search(r"/ratings/kpi-data/imports/(\d+)/", preview.url or "")
        if not found:
            return
        self.run_id = int(found.group(1))
        IMPORTS.append(self.run_id)
        self.client.post(
            f"/ratings/kpi-data/imports/{self.run_id}/confirm/",
            data=hidden_fields(preview.text),
            name="import: confirm",
        )
