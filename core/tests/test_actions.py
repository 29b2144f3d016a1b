"""Every process's actions: what, who, by when, each problem named at once."""

from __future__ import annotations

import datetime as dt

import pytest

from core.actions import check_action


@pytest.mark.day("2026-11-30")
def test_an_action_reports_each_field_at_once():
    description, owner, problems = check_action(" ", "o" * 201, None)
    assert (description, owner) == ("", "o" * 201)
    assert problems == {
        "description": "Enter what will be done",
        "owner": "Who owns the action must be 200 characters or fewer",
        "due_on": "Enter the date the action is due",
    }


@pytest.mark.day("2026-11-30")
def test_an_action_is_due_today_or_later():
    assert check_action("Train staff", "Lead", dt.date(2026, 11, 30))[2] == {}
    assert check_action("Train staff", "Lead", dt.date(2020, 1, 1))[2] == {
        "due_on": "The date the action is due must be today or later"
    }


@pytest.mark.day("2026-11-30")
def test_a_stored_due_date_that_has_passed_may_stay_while_other_fields_change():
    passed = dt.date(2026, 10, 1)
    assert check_action("Reworded", "Lead", passed, unchanged_due=passed)[2] == {}
    assert check_action("Reworded", "Lead", dt.date(2026, 10, 2), unchanged_due=passed)[2] == {
        "due_on": "The date the action is due must be today or later"
    }
