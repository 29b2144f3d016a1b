"""The quality framework: versions of domains, standards and questions, loaded from files
with every problem named (``checks``, ``loading``), edited while no campaign uses them
(``services``), read (``selectors``) and written out again (``export``)."""
