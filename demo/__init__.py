"""Demo data: invented but realistic organisations, commissions and one user per persona.

``build`` plans the data without touching the database, ``seed`` writes it, ``personas``
names the demo sign-ins. Only ever used when demo mode is on.
"""
