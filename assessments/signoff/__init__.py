"""Sign-off: sending to the provider's executive, signing a frozen snapshot or returning it,
the history, checking a content hash, and reopening."""
