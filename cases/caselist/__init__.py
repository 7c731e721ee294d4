"""The coordinator's case list: the area's cases, filtered, sorted and a page of 50 at a time."""
