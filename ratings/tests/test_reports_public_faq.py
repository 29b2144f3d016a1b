"""The public ratings pages answer the questions people ask about the ratings."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from ratings.tests.access_rules_reports import with_published


def _answer(body: str, anchor: str) -> str:
    """The text under one question, up to the next question."""
    start = body.index(f'id="{anchor}"')
    end = body.find("<h3", start + 1)
    return re.sub(r"\s+", " ", body[start : end if end != -1 else None])


@pytest.fixture
def pages(world):
    with_published(world)
    client = Client()
    return [
        client.get(reverse("ratings:public")).content.decode(),
        client.get(reverse("ratings:public_provider", args=[world.london_ep.pk])).content.decode(),
    ]


def test_the_ratings_do_not_name_and_shame(pages):
    for body in pages:
        answer = _answer(body, "name-and-shame")
        assert "naming and shaming" in answer and "No." in answer
        assert "same way" in answer and "across the whole region" in answer
        assert "share what they do" in answer


def test_red_is_explained_for_what_it_means_and_does_not(pages):
    answer = _answer(pages[0], "red")
    assert "does not mean that the education on the programme is poor overall" in answer
    assert "unsafe to work" in answer
    assert "recruited learners" in answer and "particular needs" in answer
    assert "local NHS services" in answer


def test_learners_are_told_not_to_choose_on_ratings_alone_and_where_else_to_look(pages):
    answer = _answer(pages[0], "choosing-a-course")
    assert "Not on their own." in answer
    for name, link in [
        ("Nursing and Midwifery Council", "https://www.nmc.org.uk/"),
        ("Health and Care Professions Council", "https://www.hcpc-uk.org/"),
        ("Quality Assurance Agency for Higher Education", "https://www.qaa.ac.uk/"),
        ("Discover Uni", "https://discoveruni.gov.uk/"),
    ]:
        assert f'href="{link}">{name}</a>' in answer
    assert "National Student Survey" in answer
    assert "university guides" in answer


def test_what_happens_when_a_red_provider_does_not_improve(pages):
    answer = _answer(pages[0], "not-improving")
    assert "move up to an Amber rating" in answer
    assert "quality intervention" in answer and "published report" in answer


def test_the_questions_are_listed_at_the_top_of_the_ratings_page(pages):
    top = pages[0][: pages[0].index('id="about-ratings"')]
    assert 'href="#about-ratings"' in top and "name and shame" in top
