"""One import pipeline for every file import: row errors, reading files, the run model and the
flow (preview, confirm, background apply with progress, recovery). An app plugs in a parser, a
planner and an applier through ``core.imports.importer.Importer``; see docs/imports.md."""
