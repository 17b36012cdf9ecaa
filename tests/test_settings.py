"""Start-up refuses bad or missing configuration; production mode passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "a" * 10 + "Xk2#9vL$pQ7mZ4wR8tY1uI6oP3sD5fG0hJ" + "b" * 20
FERNET_KEY = "ZmVybmV0LWtleS1mb3ItdGVzdHMtMDEyMzQ1Njc4OWE="


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "FIELD_ENCRYPTION_KEY",
            "DATABASE_URL",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "REDIS_URL",
        }
    }
    base.update({"DJANGO_SETTINGS_MODULE": "kla_metro.settings", "DATABASE_URL": "sqlite:///:memory:", **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("value", ["yes", "1", "on", "Benar", ""])
def test_it_refuses_a_debug_value_that_is_not_true_or_false(value):
    result = manage("check", DEBUG=value)
    assert result.returncode != 0
    assert "DEBUG=" in result.stderr and "True atau False" in result.stderr


@pytest.mark.parametrize(
    "name", ["EMAIL_USE_TLS", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_PRELOAD", "CACHE_ENABLED"]
)
def test_every_boolean_setting_refuses_a_misspelt_value(name):
    result = manage("check", DEBUG="True", **{name: "ture"})
    assert result.returncode != 0
    assert f"{name}=" in result.stderr and "True atau False" in result.stderr


def test_it_refuses_production_mode_without_secret_key():
    result = manage("check", DEBUG="False", FIELD_ENCRYPTION_KEY=FERNET_KEY)
    assert result.returncode != 0
    assert "SECRET_KEY wajib diisi" in result.stderr


def test_it_refuses_production_mode_without_field_encryption_key():
    result = manage("check", DEBUG="False", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY wajib diisi" in result.stderr


def test_it_refuses_an_encryption_key_that_is_not_a_fernet_key():
    result = manage("check", DEBUG="False", SECRET_KEY=GOOD_KEY, FIELD_ENCRYPTION_KEY="terlalu-pendek")
    assert result.returncode != 0
    assert "kunci Fernet" in result.stderr


def test_development_mode_starts_with_dev_keys():
    result = manage("check", DEBUG="True")
    assert result.returncode == 0, result.stderr


def test_production_mode_passes_the_deploy_check():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="False",
        SECRET_KEY=GOOD_KEY,
        FIELD_ENCRYPTION_KEY=FERNET_KEY,
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_redis_tasks_run_in_process_and_with_it_they_go_to_the_broker():
    code = "from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL)"
    eager = manage("shell", "-c", code, DEBUG="True")
    assert eager.returncode == 0, eager.stderr
    assert eager.stdout.strip().splitlines()[-1] == "True memory://"
    queued = manage("shell", "-c", code, DEBUG="True", REDIS_URL="redis://127.0.0.1:6379/3")
    assert queued.stdout.strip().splitlines()[-1] == "False redis://127.0.0.1:6379/3"


def test_cache_enabled_false_computes_every_page_without_a_cache_even_with_redis():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    redis = "redis://127.0.0.1:6379/3"
    shared = manage("shell", "-c", code, DEBUG="True", REDIS_URL=redis)
    assert shared.stdout.strip().splitlines()[-1] == "django.core.cache.backends.redis.RedisCache"
    off = manage("shell", "-c", code, DEBUG="True", REDIS_URL=redis, CACHE_ENABLED="False")
    assert off.returncode == 0, off.stderr
    assert off.stdout.strip().splitlines()[-1] == "django.core.cache.backends.dummy.DummyCache"


PUBLIC_SECRET_KEYS = [settings.DEV_SECRET_KEY, "test-only-secret-key-kla-metro-0123456789-abcdefghijklmnop"]
PUBLIC_FERNET_KEYS = [settings.DEV_FIELD_ENCRYPTION_KEY, "dGVzdC1vbmx5LWtleS1mb3Ita2xhLW1ldHJvLTAwMDA="]


@pytest.mark.parametrize("key", PUBLIC_SECRET_KEYS)
def test_production_mode_refuses_a_secret_key_published_in_the_repository(key):
    result = manage("check", DEBUG="False", SECRET_KEY=key, FIELD_ENCRYPTION_KEY=FERNET_KEY)
    assert result.returncode != 0
    assert "SECRET_KEY adalah kunci pengembangan/uji" in result.stderr


@pytest.mark.parametrize("key", PUBLIC_FERNET_KEYS)
@pytest.mark.parametrize("position", ["alone", "first", "last"])
def test_production_mode_refuses_a_published_encryption_key_anywhere_in_the_key_list(key, position):
    value = {"alone": key, "first": f"{key},{FERNET_KEY}", "last": f"{FERNET_KEY} , {key}"}[position]
    result = manage("check", DEBUG="False", SECRET_KEY=GOOD_KEY, FIELD_ENCRYPTION_KEY=value)
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY memuat kunci pengembangan/uji" in result.stderr


def test_development_mode_still_accepts_the_published_keys_when_given_explicitly():
    result = manage(
        "check",
        DEBUG="True",
        SECRET_KEY=settings.DEV_SECRET_KEY,
        FIELD_ENCRYPTION_KEY=settings.DEV_FIELD_ENCRYPTION_KEY,
    )
    assert result.returncode == 0, result.stderr


def test_the_docker_image_is_built_without_a_fixed_key():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "SECRET_KEY=build-only" not in dockerfile
    assert "secrets.token_urlsafe" in dockerfile and "Fernet.generate_key" in dockerfile
