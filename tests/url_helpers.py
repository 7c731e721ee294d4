"""The service's URL patterns, flattened from the resolver, for tests that walk them."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver


def flat_patterns(patterns: list[URLPattern | URLResolver] | None = None) -> list[URLPattern]:
    """Every URL pattern, with its includes flattened (the whole site by default)."""
    found: list[URLPattern] = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            found += flat_patterns(pattern.url_patterns)
        else:
            found.append(pattern)
    return found


def app_patterns(*apps: str) -> list[URLPattern]:
    """The URL patterns whose views live in any of ``apps`` (top-level packages)."""
    return [p for p in flat_patterns() if p.callback.__module__.split(".")[0] in apps]
