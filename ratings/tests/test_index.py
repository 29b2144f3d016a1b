"""The QCPM start page offers each person the parts of the work they can do."""

from django.urls import reverse

URL = reverse("ratings:index")


def test_a_contract_manager_is_offered_loading_kpi_data(world, client_for):
    body = client_for("contract_manager").get(URL).content.decode()
    assert reverse("ratings:kpi_import_upload") in body
    assert reverse("ratings:matrix") in body


def test_an_education_provider_lead_is_not_offered_loading_kpi_data(world, client_for):
    body = client_for("ep_lead").get(URL).content.decode()
    assert reverse("ratings:kpi_import_upload") not in body
    assert reverse("ratings:round_list") in body


def _navigation(client) -> str:
    body = client.get("/").content.decode()
    return body[body.index('aria-label="Menu"') :]


def test_the_navigation_links_to_the_start_page_for_people_who_work_with_ratings(world, client_for):
    for persona in ("regional_lead", "ep_lead", "contract_manager", "admin"):
        assert f'href="{URL}"' in _navigation(client_for(persona)), persona
    for persona in ("pp_contributor", "pp_executive"):
        assert f'href="{URL}"' not in _navigation(client_for(persona)), persona
