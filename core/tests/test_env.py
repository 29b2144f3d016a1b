"""Settings come from typed environment variables and bad values stop start-up."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from edquality.env import Env


def test_flags_accept_the_usual_spellings():
    env = Env({"A": "yes", "B": "0", "C": "ON", "D": "false"})
    assert [env.flag(name, default=False) for name in "ABCD"] == [True, False, True, False]


def test_a_missing_flag_takes_its_default():
    assert Env({}).flag("DEBUG", default=True) is True


def test_a_flag_that_is_not_true_or_false_is_refused_with_its_name_and_value():
    with pytest.raises(ImproperlyConfigured, match=r"DEBUG must be true or false.*'maybe'"):
        Env({"DEBUG": "maybe"}).flag("DEBUG", default=False)


def test_whole_numbers_are_checked_and_bounded():
    assert Env({"PORT": " 2525 "}).integer("PORT", 25) == 2525
    with pytest.raises(ImproperlyConfigured, match="PORT must be a whole number"):
        Env({"PORT": "twenty"}).integer("PORT", 25)
    with pytest.raises(ImproperlyConfigured, match="PORT must be at least 1"):
        Env({"PORT": "0"}).integer("PORT", 25, minimum=1)


def test_lists_are_comma_separated_and_trimmed():
    assert Env({"HOSTS": " a.example , b.example,, "}).items("HOSTS", []) == [
        "a.example",
        "b.example",
    ]


def test_a_choice_outside_the_allowed_values_is_refused():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_MODE must be one of console, file"):
        Env({"EMAIL_MODE": "pigeon"}).choice("EMAIL_MODE", ("console", "file"), "console")


def test_a_required_value_that_is_missing_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match="Set the environment variable SECRET_KEY"):
        Env({}).text("SECRET_KEY")
