"""National-scale synthetic data for benchmarks (``manage.py generate_synthetic``).

Everything here is made up: names come from Faker's lists, free text from
fixed pools of phrases, and no one can sign in as a synthetic user.
"""
