# Load the Celery app with Django, so that tasks queued from the web process
# use this project's broker.
from marac.celery import app as celery_app

__all__ = ("celery_app",)
