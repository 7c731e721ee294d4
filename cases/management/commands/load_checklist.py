"""Load a risk checklist version from a JSON file (see cases/referrals/checklists/*.json).

An area holding SafeLives' permission can load the published wording, or
another instrument, as a new version without a code change. The new version
becomes the one offered for new referrals; answers already given keep theirs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cases.referrals import checklists
from cases.referrals.instruments import checklist_instrument_store


class Command(BaseCommand):
    help = "Load a risk checklist version from a JSON file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        problems = checklists.validate_instrument_data(data)
        if problems:
            raise CommandError("The checklist file has problems:\n  " + "\n  ".join(problems))
        instrument = checklist_instrument_store(data)
        self.stdout.write(self.style.SUCCESS(f"Loaded {instrument}: now offered for new referrals."))
