"""Methodology definitions: the KPI set, each year's methodology and its settings."""
