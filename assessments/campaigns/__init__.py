"""Campaigns: opening one for the providers in scope, the dashboard, extensions, and the
background work beside it (the "campaign opened" e-mails and the due-date reminders)."""
