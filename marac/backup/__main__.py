"""``python -m marac.backup``: see marac/backup/__init__.py and cli.py."""

from __future__ import annotations

import sys

from marac.backup.cli import main

if __name__ == "__main__":
    sys.exit(main())
