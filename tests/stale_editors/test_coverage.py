"""The tables cover every edit: a versioned model, an API write to an object or an API read of one object
added without a stale-editor case fails here."""

from __future__ import annotations

from collections.abc import Iterator

from django.apps import apps
from django.db import models
from rest_framework.views import APIView

from cases.models import Case
from ppmt.models import SurvivorVoiceRevision
from tests.stale_editors.scenarios_api import API_EDITS, ETAG_READS, NO_ETAG
from tests.stale_editors.scenarios_web import WEB_EDITS
from tests.url_helpers import flat_patterns

# Models with a version that nobody edits from a form or the API, and why.
NOT_EDITED: dict[type[models.Model], str] = {
    SurvivorVoiceRevision: "a kept earlier version of the survivor's voice: written once, never changed",
    Case: (
        "its status is changed by services acting on their own decision (listing, hearing, re-opening, transfer); "
        "the one edit from a page, closing, carries the version and a stale closer gets 409 "
        "(tests/test_case_close.py), "
        "but a case is closed once, so this harness's step 'the stale editor saves again and succeeds' cannot apply"
    ),
}


def _versioned_models() -> set[type[models.Model]]:
    found = set()
    for model in apps.get_models():
        names = {f.name: f for f in model._meta.get_fields()}
        if isinstance(names.get("version"), models.IntegerField):
            found.add(model)
    return found


def test_every_versioned_model_has_a_stale_editor_case() -> None:
    covered = {edit.model for edit in [*WEB_EDITS, *API_EDITS]}
    versioned = _versioned_models()
    missing = versioned - covered - set(NOT_EDITED)
    assert not missing, (
        f"Models with a version but no two-stale-editors case here: {sorted(map(str, missing))}. "
        "Add a case for each page and API edit of it (or, if nobody edits it, a reason in NOT_EDITED)."
    )
    assert not covered & set(NOT_EDITED), "a model in NOT_EDITED is edited by a case"
    assert set(NOT_EDITED) <= versioned, "NOT_EDITED names a model that has no version any more"


def _api_routes() -> Iterator[tuple[str, type[APIView], bool]]:
    """(name, view class, names an object) for every API route."""
    for pattern in flat_patterns():
        view_class = getattr(pattern.callback, "view_class", None)
        if pattern.name and str(pattern.pattern).startswith("api/") and view_class and issubclass(view_class, APIView):
            yield pattern.name, view_class, bool(pattern.pattern.converters)


def test_every_api_write_on_an_object_needs_if_match() -> None:
    writes = {
        name
        for name, view, on_object in _api_routes()
        if on_object and any(hasattr(view, method) for method in ("post", "put", "patch", "delete"))
    }
    assert writes, "the walk found no API writes"
    missing = writes - {edit.route for edit in API_EDITS}
    assert not missing, (
        f"API routes that change an object but have no stale-editor case here: {sorted(missing)}. "
        "They must take If-Match (marac.versioning.if_match_version) and be added to API_EDITS."
    )


def test_every_api_read_of_one_object_sends_an_etag_or_says_why_not() -> None:
    reads = {name for name, view, on_object in _api_routes() if on_object and hasattr(view, "get")}
    assert reads, "the walk found no API reads of one object"
    assert reads == set(ETAG_READS) | set(NO_ETAG), sorted(reads ^ (set(ETAG_READS) | set(NO_ETAG)))


def test_the_tables_name_real_routes() -> None:
    names = {pattern.name for pattern in flat_patterns() if pattern.name}
    assert {edit.route for edit in [*WEB_EDITS, *API_EDITS]} <= names
