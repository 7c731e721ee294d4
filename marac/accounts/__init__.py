"""Accounts over their life: invitation, first sign-in, deactivation and the quarterly review."""
