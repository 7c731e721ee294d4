"""Settings for the worker, beat and set-up subprocesses of the fault-injection tests.

The test settings (the database and Redis from ``DATABASE_URL`` / ``REDIS_URL``, which the test passes), with
mail going to the slow sink (``tests.faults.mailsink``) and a beat schedule of only the outbox sender's entry,
run every ``FAULTS_BEAT_SECONDS`` instead of every 30 s.
"""

from __future__ import annotations

import os

from marac.settings.test import *  # noqa: F403
from marac.settings.test import CELERY_BEAT_SCHEDULE as _SCHEDULE

EMAIL_BACKEND = "tests.faults.mailsink.SinkBackend"
FAULTS_MAIL_SINK = os.environ["FAULTS_MAIL_SINK"]
FAULTS_MAIL_FAIL_FLAG = os.environ["FAULTS_MAIL_FAIL_FLAG"]
FAULTS_MAIL_DELAY_MS = tuple(float(ms) for ms in os.environ.get("FAULTS_MAIL_DELAY_MS", "20,50").split(","))

CELERY_BEAT_SCHEDULE = {
    "send-outbox": {**_SCHEDULE["send-outbox"], "schedule": float(os.environ.get("FAULTS_BEAT_SECONDS", "1"))}
}
