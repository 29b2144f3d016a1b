#!/usr/bin/env python
"""Django's command-line utility for edquality."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edquality.settings")
    from core.cli import run

    sys.exit(run(sys.argv))


if __name__ == "__main__":
    main()
