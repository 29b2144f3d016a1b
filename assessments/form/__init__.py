"""The provider's answers: the task list, domain pages, autosave, actions, evidence, domain
assignments, last year's answers, and what is still missing before sign-off."""
