"""One access matrix for the whole service.

Every route the URL resolver knows x every persona (``personas.py``) x every
situation a case can be in (``world.py``), GET and POST, checked against one
table of expected outcomes (``table.py``). A route without a row fails the
test, so a new URL cannot be added without saying who may use it.
"""
