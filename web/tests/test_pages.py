"""Home, navigation, error pages and the security headers every page carries."""

import re

import pytest
from django.test import Client
from django.urls import include, path, reverse


def _find(pattern: str, text: str, group: int = 0) -> str:
    match = re.search(pattern, text)
    assert match is not None, f"{pattern!r} not found"
    return match.group(group)


def test_anonymous_visitors_get_the_landing_page_with_a_sign_in_link(db):
    body = Client().get("/").content.decode()
    assert "Quality of commissioned healthcare education" in body
    assert reverse("accounts:sign_in") in body


def test_the_home_page_lists_the_users_roles(world, client_for):
    body = client_for("pp_executive").get("/").content.decode()
    assert "Executive signatory at" in body and "Thameside Hospitals NHS Trust" in body


def test_someone_without_a_role_is_told_to_ask_for_one(world, client_for):
    body = client_for("no_role").get("/").content.decode()
    assert "You do not have a role in any organisation yet" in body


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("admin", ["Organisations", "People", "Audit log"], []),
        ("regional_lead", ["Organisations", "Programmes"], ["People", "Audit log"]),
        ("pp_contributor", ["Organisations"], ["People", "Audit log"]),
        ("no_role", ["Programmes"], ["Organisations", "People", "Audit log"]),
    ],
)
def test_navigation_shows_only_what_the_role_can_use(world, client_for, persona, shown, hidden):
    body = client_for(persona).get("/").content.decode()
    nav = body[body.index('aria-label="Menu"') :]
    links = set(
        re.findall(r'class="nhsuk-header__navigation-link"[^>]*>\s*(?:<strong[^>]*>)?([^<]+)', nav)
    )
    assert set(shown) <= {text.strip() for text in links}
    assert not set(hidden) & {text.strip() for text in links}


def test_unknown_addresses_get_the_nhs_styled_not_found_page(world, client_for):
    response = client_for("admin").get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body and "nhsuk-header" in body


def _boom(request):
    raise RuntimeError("secret internals")


urlpatterns = [path("boom/", _boom), path("", include("edquality.urls"))]
handler500 = "web.views.server_error"


@pytest.mark.urls("web.tests.test_pages")
def test_server_errors_show_a_page_without_details(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, there is a problem with the service" in body
    assert "secret internals" not in body and "Traceback" not in body


def test_pages_carry_a_content_security_policy_with_a_nonce_for_the_one_inline_script(db):
    response = Client().get("/")
    policy = response["Content-Security-Policy"]
    nonce = _find(r"'nonce-([^']+)'", policy, 1)
    assert "script-src 'self' 'nonce-" in policy and "unsafe-inline" not in policy
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
    assert inline_scripts and all(f'nonce="{nonce}"' in attrs for attrs in inline_scripts)


def test_pages_forbid_framing_and_sniffing(db):
    response = Client().get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_nhs_stylesheet_and_script_are_served(db):
    client = Client()
    body = client.get("/").content.decode()
    css = _find(r'href="([^"]+nhsuk-frontend\.min\.css)"', body, 1)
    script = _find(r'src="([^"]+app\.mjs)"', body, 1)
    assert client.get(css).status_code == 200
    module = b"".join(client.get(script).streaming_content).decode()  # type: ignore[attr-defined]  # static files are streamed
    assert "nhsuk-frontend.min.js" in module


def test_a_failed_sign_in_never_sends_the_typed_password_back(db):
    response = Client().post(
        reverse("accounts:sign_in"), {"username": "someone@example.nhs.uk", "password": "hunter2"}
    )
    body = response.content.decode()
    assert "Enter a correct e-mail address and password" in body
    assert "hunter2" not in body


def test_widget_attributes_are_rendered_once(db):
    body = Client().get(reverse("accounts:sign_in")).content.decode()
    email_input = _find(r'<input[^>]*id="id_username"[^>]*>', body, 0)
    assert email_input.count("autocomplete=") == 1
    assert email_input.count("spellcheck=") == 1


def test_a_request_for_an_unknown_host_gets_the_bad_request_page(db):
    response = Client(raise_request_exception=False).get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert "Sorry, we could not understand that request" in response.content.decode()


def test_home_counts_agree_with_their_numbers(world, client_for):
    body = client_for("ep_lead").get("/").content.decode()
    assert re.search(r">\s*1 education provider\s*<", body)
    assert "1 education providers" not in body
    assert "1 commissions" not in body
    admin = client_for("admin").get("/").content.decode()
    assert "2 education providers" in admin
