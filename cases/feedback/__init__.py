"""Feedback after a hearing: the referrer's and keyworkers' email, the outcome page, and the agencies'
record that their frontline staff were told."""
