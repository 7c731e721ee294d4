"""Two stale editors against every edit: no silent overwrite anywhere (marac.versioning).

For each edit in ``WEB_EDITS`` (``scenarios_web``) and ``API_EDITS`` (``scenarios_api``) two editors load
the same version (read from the page's form, or the API's ETag), the first saves, and the second, still
holding the old version, is refused: 409 on a page, with the error summary and what they typed kept
(``test_web``), 412 on the API (``test_api``). The stored value stays the first editor's.

The tables must cover every edit (``test_coverage``). It walks the models: a model with an integer
``version`` column is either edited by a case here or named in ``NOT_EDITED`` with the reason. It walks the
URL resolver: every API route that writes to an object (POST, PUT, PATCH or DELETE on a path naming it)
must be in ``API_EDITS``, and every API read of one object must send an ETag or be named in ``NO_ETAG``
with the reason. Adding an editable model or endpoint without a version fails there.

The survivor's voice and research amendments are also saved concurrently (``test_concurrent``), from
threads on their own database connections, as the measured defects were: ten first saves of the voice
(one saved, nine 409s, no 500) and five amendments of one finding (one saved, never two current versions).
"""
