"""Test settings: real PostgreSQL and Redis on 127.0.0.1, fast hashing, no HTTPS redirect."""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kla_metro_test")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")

# Parallel runs (pytest-xdist): worker gwN uses Redis database REDIS_URL's number + N (mod 16), so
# `make test` uses 14 (gw0, and the browser run) and 15 (gw1): one worker's Celery worker never takes
# the other's tasks, and cached pages do not cross. The shifted URL is put back in the environment for
# the processes a test starts (a Celery worker, gunicorn); the marker keeps them from shifting again.
# pytest-django gives each worker its own test database (test_<name>_gwN) by itself.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER and os.environ.get("KLA_TEST_REDIS_WORKER") != XDIST_WORKER:
    _redis = urlsplit(os.environ["REDIS_URL"])
    _db = (int(_redis.path.strip("/") or 0) + int(XDIST_WORKER.removeprefix("gw"))) % 16
    os.environ["REDIS_URL"] = urlunsplit(_redis._replace(path=f"/{_db}"))
    os.environ["KLA_TEST_REDIS_WORKER"] = XDIST_WORKER
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-kla-metro-0123456789-abcdefghijklmnop")
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "dGVzdC1vbmx5LWtleS1mb3Ita2xhLW1ldHJvLTAwMDA=")

from .settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Tasks go to the real Redis broker; tests that enqueue start a real worker.
CELERY_TASK_ALWAYS_EAGER = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Throttling is switched on in the tests that check it.
AXES_ENABLED = False
RESET_BATAS_PER_EMAIL = 0
RESET_BATAS_PER_IP = 0
# Worker and live-server threads must not keep connections open past the test database's teardown.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Each xdist worker keeps uploads and the upload spool in a folder of its own, var/test-gwN/, unless
# the environment names them (a test's worker process is given the test's folder).
if XDIST_WORKER:
    _var = BASE_DIR / "var" / f"test-{XDIST_WORKER}"  # noqa: F405
    if "MEDIA_ROOT" not in os.environ:
        MEDIA_ROOT = _var / "media"
    if "FILE_UPLOAD_TEMP_DIR" not in os.environ:
        FILE_UPLOAD_TEMP_DIR = str(_var / "tmp" / "unggah")
        Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
