"""Fixtures of the core tests."""

from core.tests.import_fakes import fake_data, fake_table

__all__ = ["fake_data", "fake_table"]
