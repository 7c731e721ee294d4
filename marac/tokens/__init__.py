"""API tokens: made by their owner (after two-factor) or, for an agency's service account, by the agency's
representative; named, scoped, expiring, stored hashed and shown once."""
