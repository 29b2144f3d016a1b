"""Computing ratings: the pure rule, its statistics, and the year's computation."""
