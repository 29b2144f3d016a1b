"""The registries the home pages read: what the public can read (``core.published``) and what
waits for each person (``core.waiting``), handed up by the processes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from core import published, waiting
from core.published import PublishedEntry
from core.waiting import Waiting, WaitingSource


@pytest.fixture
def empty(monkeypatch):
    monkeypatch.setattr(published, "_entries", {})
    monkeypatch.setattr(waiting, "_sources", {})


def test_published_entries_come_in_their_order_with_what_each_has_out(empty):
    published.register(PublishedEntry("Reports", "b:reports", "Visit reports.", order=30))
    published.register(
        PublishedEntry("Ratings", "a:ratings", "Ratings.", order=10, latest=lambda: "2025/26")
    )
    items = published.published_items()
    assert [(i.title, i.latest) for i in items] == [("Ratings", "2025/26"), ("Reports", None)]


def test_registering_an_entry_again_replaces_it(empty):
    published.register(PublishedEntry("Ratings", "a:ratings", "Old.", order=10))
    published.register(PublishedEntry("Ratings", "a:ratings", "New.", order=10))
    assert [i.description for i in published.published_items()] == ["New."]


def test_a_waiting_item_counts_in_words_that_agree_with_the_number():
    one = Waiting(1, "query to answer", "queries to answer", "/q/")
    assert one.text == "1 query to answer"
    assert Waiting(1200, "query to answer", "queries to answer", "/q/").text == (
        "1,200 queries to answer"
    )


def test_waiting_leaves_out_kinds_with_nothing_waiting_and_keeps_source_order(empty):
    seen = []

    def late(user):
        seen.append(user)
        return [Waiting(2, "review due", "reviews due", "/r/")]

    def early(user):
        return [
            Waiting(0, "thing to sign", "things to sign", "/s/"),
            Waiting(1, "query to answer", "queries to answer", "/q/"),
        ]

    waiting.register(WaitingSource("late", late, order=50))
    waiting.register(WaitingSource("early", early, order=10))
    someone = AnonymousUser()
    assert [item.text for item in waiting.waiting_for(someone)] == [
        "1 query to answer",
        "2 reviews due",
    ]
    assert seen == [someone]
