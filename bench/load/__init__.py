"""The load test: the production-like layout under 50 simultaneous users of mixed journeys,
with a worker killed and the database's connections cut while it runs.

    python -m bench.load                 # 10 minutes, 50 users, writes bench/RESULTS.md
    python -m bench.load --minutes 1     # a short run; prints the figures only

``world`` prepares a fresh PostgreSQL database (national-scale demo register plus the load
test's own accounts), ``journeys`` holds what each kind of user does, ``__main__`` starts
the layout (``scripts/serve_production.sh``), runs the users, injects the faults, checks
that nothing was lost and writes the figures.
"""
