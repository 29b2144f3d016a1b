"""The regional review: notes on answers, requests for clarification and the provider's
responses."""
