"""KPI value imports: reading a file (parsing), checking it (rows) and working out its plan."""
