"""Self-assessment demo data: last year's campaign, submitted and reported, and this year's,
open and in progress.

Last year's campaign is closed: most providers submitted (a few late, a few with an
extension), each with a sign-off whose snapshot and hash come from the sign-off service, and
its national report is published. This year's is open and due in four weeks, with providers
in every state; the demo contributor's trust is in progress so the demo shows the form.

Every value comes from a seed made of the year and the provider's ODS code, so every run
plans the same answers, and the small scale is part of the national one. Only submissions
created in this run are filled in: running it again changes nothing, and seeding the
national scale after the small one only adds the new providers. Answers, actions, events
and sign-offs are written in batches (``core.bulk.insert_rows``), so they have no audit
entries, like the rest of the generated demo data; the framework, the campaigns and the
report go through their services and are audited.

``seed.seed_assessments`` runs it: ``campaigns`` opens the campaigns and gives providers
their submissions, ``submissions`` plans each one's state and history, ``answers`` its
answers and actions, ``signoffs`` the sign-offs, and ``report`` publishes last year's
national report. ``rows`` holds the shapes they plan in, ``texts`` the invented wording.
"""
