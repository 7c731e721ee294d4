"""Development tooling: demo data (``manage.py seed_demo``) and the national-scale
synthetic data set (``manage.py generate_synthetic``).

Installed only by the development, test and benchmark settings, never in
production; it needs the ``embedded`` extra (Faker) besides the base
dependencies.
"""
