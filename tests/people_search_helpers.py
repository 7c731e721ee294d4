"""Searching for people, through the selector and the page, for the people search tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpResponse
from django.test import Client

from cases.people import search as selectors
from cases.people.search import PeopleSearch
from marac.models import User

URL = "/people/search/"
DOB = date(1980, 1, 1)


def search(user: User, **terms: Any) -> PeopleSearch:
    """The selector, with every term defaulted to blank."""
    defaults: dict[str, Any] = {"given_names": "", "family_name": "", "date_of_birth": None, "reference": ""}
    return selectors.people_search_for_user(user, **{**defaults, **terms})


def found_ids(user: User, **terms: Any) -> list[int]:
    return [found.person_id for found in search(user, **terms).people]


def post(client: Client, **fields: str) -> HttpResponse:
    """The search form posted with ``fields``, every other field blank."""
    data = {
        "given_names": "",
        "family_name": "",
        "date_of_birth_day": "",
        "date_of_birth_month": "",
        "date_of_birth_year": "",
        "reference": "",
        **fields,
    }
    return client.post(URL, data)
