"""Rating rounds: the workflow from draft to published, queries, replies, follow-ups."""
