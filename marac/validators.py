"""Validators for contact details, with GOV.UK messages (used by models, so services and the API enforce them
too). Email addresses get theirs from the forms (marac.error_messages)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

PHONE_MESSAGE = "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"

# Spaces, hyphens, dots and brackets are how people write numbers: ignored.
_SEPARATORS = re.compile(r"[\s\-.()]")
# A UK number: 0 and 9 or 10 more digits. +44 or 0044, an optional (0), then 9 or 10 digits.
# Any other international number: + (or 00) and 7 to 15 digits (E.164 allows 15 at most).
_UK = re.compile(r"0\d{9,10}")
_UK_INTERNATIONAL = re.compile(r"(?:\+|00)44(?:0)?\d{9,10}")
_INTERNATIONAL = re.compile(r"(?:\+|00)[1-9]\d{6,14}")
_ALLOWED = re.compile(r"[\d\s\-.()+]+")


def is_phone_number(value: str) -> bool:
    """Does ``value`` look like a UK or international telephone number?"""
    text = value.strip()
    if not _ALLOWED.fullmatch(text) or "+" in text[1:]:
        return False
    digits = _SEPARATORS.sub("", text)
    return bool(_UK.fullmatch(digits) or _UK_INTERNATIONAL.fullmatch(digits) or _INTERNATIONAL.fullmatch(digits))


def validate_phone(value: str) -> None:
    """Refuse anything that is not a telephone number (blank is for ``blank=True`` to decide)."""
    if value and not is_phone_number(value):
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone")
