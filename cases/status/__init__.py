"""A case's status over its life: listed, heard, closed, re-opened; changed only by the services here."""
