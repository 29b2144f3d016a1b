"""KPI value imports: reading a file, checking its rows, its plan, and applying it."""
