"""The one error of the backup commands: something the operator must put right."""

from __future__ import annotations


class BackupError(Exception):
    """Something the operator must put right; the message says what."""
