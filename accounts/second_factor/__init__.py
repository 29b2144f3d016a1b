"""Two-step verification: a time-based one-time password from an authenticator app, with
recovery codes for a lost phone (django-otp's TOTP and static devices).

``services`` sets it up, checks codes and renews recovery codes, recording each step in the
audit log; ``views`` are the pages. Who must use it is a rule about roles, so it is decided a
layer up (``access.second_factor``), which also lets an administrator reset it.
"""
