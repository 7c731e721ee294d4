"""The personas of the access matrix, their clients, and how a response is classed.

Each persona but ``anonymous`` is a user of ``world.py`` signed in with two-factor
authentication. Outcome classes:

- ``ok``: let in: 2xx, or a redirect not to sign-in (for a write also 400, 409 or
  412: a form or version error shows the user was let in and the service refused
  only the body);
- ``hidden``: 404 (as a missing object);
- ``signin``: sent to sign-in (302 to /sign-in/ or the admin login, 401 for /api/);
- ``refused``: 403;
- ``no_get``: 405 to a GET (the route only changes something);
- ``no_post``: 405 to a POST (the route only shows something).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.test import Client

from tests.access_matrix.world import MatrixWorld
from tests.conftest import sign_in_verified

PERSONAS = (
    "coordinator",
    "chair",
    "representative",  # police: invited to every meeting of the area
    "uninvited_rep",  # education: a representative in the area, never invited
    "practitioner",  # police: drafted the draft, the submitted and the listed case's referrals
    "keyworker",  # police practitioner named keyworker on the listed case
    "idaa",  # allocated to the listed case
    "idaa_unallocated",  # same invited IDAA service
    "governance",
    "administrator",
    "other_coordinator",  # coordinator of another area
    "other_rep",  # police representative of another area
    "conflicted",  # police representative who declared a conflict on the conflict case
    "anonymous",
)

OUTCOMES = ("ok", "hidden", "signin", "refused", "no_get", "no_post")
WRITE_ACCEPTED = {400, 409, 412}
SIGN_IN_PREFIXES = ("/sign-in/", "/admin/login/")


def clients(world: MatrixWorld) -> dict[str, Client]:
    """One client per persona, signed in with two-factor (anonymous: not signed in)."""
    made = {name: sign_in_verified(Client(), world.users[name]) for name in PERSONAS if name != "anonymous"}
    made["anonymous"] = Client()
    return made


def classify(response: HttpResponse, *, write: bool) -> str:
    """The outcome class of a response (the status code itself when it fits none)."""
    code = response.status_code
    if code in (301, 302, 303):
        location = response.get("Location", "")
        return "signin" if location.startswith(SIGN_IN_PREFIXES) else "ok"
    if 200 <= code < 300 or (write and code in WRITE_ACCEPTED):
        return "ok"
    return {401: "signin", 403: "refused", 404: "hidden", 405: "no_post" if write else "no_get"}.get(code, str(code))
