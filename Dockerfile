# syntax=docker/dockerfile:1
#
# MARAC case management: one image for web (gunicorn), migrate, Celery worker
# and Celery beat. See docker-compose.yml for how the services use it.
#
#   docker build -t marac:local .
#
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=marac.settings.production

# WeasyPrint's native libraries, plus fonts for rendered PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

# PostgreSQL 16's client programs (pg_dump, pg_restore) for the backup service
# (marac/backup/), from the PostgreSQL project's apt repository: Debian
# bookworm's own are version 15, which cannot dump a 16 server.
ADD --chmod=644 https://www.postgresql.org/media/keys/ACCC4CF8.asc /usr/share/keyrings/pgdg.asc
RUN echo "deb [signed-by=/usr/share/keyrings/pgdg.asc] http://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" \
        > /etc/apt/sources.list.d/pgdg.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client-16 \
    && rm -rf /var/lib/apt/lists/*

# Unprivileged runtime user. The source tree stays owned by root (read-only
# for the app); the only writable place is /var/lib/marac (celery beat's
# schedule file; docker-compose.yml mounts a volume there, and a new named
# volume takes the ownership set here).
RUN groupadd --system --gid 10001 marac \
    && useradd --system --uid 10001 --gid marac --create-home \
        --home-dir /home/marac --shell /usr/sbin/nologin marac \
    && install -d -o marac -g marac -m 0750 /var/lib/marac

WORKDIR /app

# Dependencies first, so that code changes do not invalidate this layer.
# pyproject.toml has `packages = []`: this installs the dependencies only, the
# project itself runs from the copied source tree below. The base dependencies
# only: neither the `dev` extra nor the `embedded` one (embedded servers and
# Faker, for development and tests).
COPY pyproject.toml constraints.txt README.md ./
RUN pip install --no-cache-dir -c constraints.txt . \
    && rm -rf build ./*.egg-info

COPY . .

# Static files are collected at build time into STATIC_ROOT (/app/staticfiles)
# and served by whitenoise. The production settings need their environment to
# import, so dummy values are given for this one RUN step only: none of them
# ends up in the image's environment.
RUN DJANGO_SECRET_KEY=collectstatic-build-only-not-a-secret \
    DATABASE_URL=postgres://build:build@localhost:5432/build \
    REDIS_URL=redis://localhost:6379/0 \
    DJANGO_ALLOWED_HOSTS=localhost \
    DJANGO_CSRF_TRUSTED_ORIGINS=https://localhost \
    EMAIL_URL=smtp://localhost:25 \
    DEFAULT_FROM_EMAIL=build@localhost \
    python manage.py collectstatic --noinput

USER marac

EXPOSE 8000

# Access log to stdout. URLs carry no personal data by design, so the default
# access log format (which includes the query string) is acceptable.
CMD ["gunicorn", "marac.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--workers", "3", \
     "--worker-tmp-dir", "/dev/shm", \
     "--access-logfile", "-", \
     "--error-logfile", "-"]
