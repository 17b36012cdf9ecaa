"""The production compose file points at real modules, settings and commands."""

import importlib
import importlib.util
import re
from pathlib import Path

import pytest
import yaml
from celery import Celery
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ["migrate", "web", "worker", "beat"]


def test_the_stack_has_every_production_service():
    assert {"web", "worker", "beat", "db", "redis"} <= set(SERVICES)


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_are_built_from_the_project_and_configured(name):
    service = SERVICES[name]
    assert service["build"] == "."
    env = service["environment"]
    assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
    assert re.fullmatch(r"redis://:\$\{REDIS_PASSWORD:\?[^}]+\}@redis:6379/0", env["REDIS_URL"])
    assert any(v.startswith("media:") for v in service["volumes"])
    for dependency in service["depends_on"]:
        assert dependency in SERVICES


def _database_user(service: dict) -> str:
    return re.match(r"postgres://([^:@]+)", service["environment"]["DATABASE_URL"]).group(1)


def test_only_migrations_use_the_table_owner_and_the_app_runs_as_a_role_that_owns_nothing():
    owner = SERVICES["db"]["environment"]["POSTGRES_USER"]
    app_role = SERVICES["db"]["environment"]["POSTGRES_APP_USER"]
    assert _database_user(SERVICES["migrate"]) == owner
    assert "${POSTGRES_PASSWORD}" in SERVICES["migrate"]["environment"]["DATABASE_URL"]
    for name in ("web", "worker", "beat"):
        service = SERVICES[name]
        assert _database_user(service) == app_role != owner, name
        assert "${POSTGRES_APP_PASSWORD}" in service["environment"]["DATABASE_URL"]
        # Nothing in the service, env_file values included, carries the owner's password.
        assert "${POSTGRES_PASSWORD}" not in yaml.safe_dump(service), name
        assert service["environment"]["POSTGRES_PASSWORD"] == "", name


def test_the_database_creates_the_app_role_with_the_grants_the_tests_exercise():
    volumes = SERVICES["db"]["volumes"]
    assert "./scripts/db-app-role.sh:/docker-entrypoint-initdb.d/20-app-role.sh:ro" in volumes
    assert "./scripts/db-app-role.sql:/etc/kla/db-app-role.sql:ro" in volumes
    script = (ROOT / "scripts" / "db-app-role.sh").read_text()
    assert "/etc/kla/db-app-role.sql" in script and "NOSUPERUSER" in script
    lines = (ROOT / "scripts" / "db-app-role.sql").read_text().splitlines()
    sql = " ".join(line for line in lines if not line.startswith("--")).upper()
    for privilege in ("TRUNCATE", "TRIGGER", "ALL PRIVILEGES", "OWNER TO", "CREATE ON"):
        assert f"GRANT {privilege}" not in sql and privilege not in sql.replace("REVOKE CREATE ON", ""), privilege


def test_gunicorn_serves_the_real_wsgi_application():
    command = SERVICES["web"]["command"]
    assert command[0] == "gunicorn"
    module, attr = command[1].split(":")
    assert callable(getattr(importlib.import_module(module), attr))
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert command[1] in dockerfile


@pytest.mark.parametrize(("name", "subcommand"), [("worker", "worker"), ("beat", "beat")])
def test_celery_services_use_the_project_celery_app(name, subcommand):
    command = SERVICES[name]["command"]
    assert command[:3] == ["celery", "-A", "kla_metro"]
    assert command[3] == subcommand
    assert isinstance(importlib.import_module("kla_metro").celery_app, Celery)


def test_migrate_runs_a_real_management_command():
    command = SERVICES["migrate"]["command"]
    assert command[:2] == ["python", "manage.py"]
    assert command[2] in get_commands()


def test_dockerfile_settings_module_exists():
    match = re.search(r"DJANGO_SETTINGS_MODULE=([\w.]+)", (ROOT / "Dockerfile").read_text())
    assert importlib.util.find_spec(match.group(1)) is not None


@pytest.mark.parametrize("name", ["web", "worker", "db", "redis"])
def test_long_running_services_have_health_checks(name):
    assert SERVICES[name]["healthcheck"]["test"]


def test_data_and_media_live_on_named_volumes():
    assert {"pgdata", "redisdata", "media"} <= set(COMPOSE["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]


def test_env_example_names_every_required_secret_without_values():
    lines = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    for key in ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "POSTGRES_PASSWORD", "POSTGRES_APP_PASSWORD", "REDIS_PASSWORD"):
        assert key in lines and lines[key] == ""
    assert lines["DEBUG"] == "False"


@pytest.mark.django_db
def test_health_endpoint_answers_without_login(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_gunicorn_is_published_only_on_the_hosts_loopback_for_the_reverse_proxy():
    web = SERVICES["web"]
    assert web["ports"], "the proxy on the host needs a port"
    for mapping in web["ports"]:
        assert str(mapping).startswith("127.0.0.1:"), mapping
    for name, service in SERVICES.items():
        if name != "web":
            assert "ports" not in service, name


def test_gunicorn_runs_with_the_project_config_in_the_image_and_in_compose():
    assert SERVICES["web"]["command"] == ["gunicorn", "kla_metro.wsgi:application", "--config", "gunicorn.conf.py"]
    assert (
        'CMD ["gunicorn", "kla_metro.wsgi:application", "--config", "gunicorn.conf.py"]'
        in (ROOT / "Dockerfile").read_text()
    )
    config = (ROOT / "gunicorn.conf.py").read_text()
    assert "gunicorn.http.wsgi.SERVER = " in config and "timeout = 120" in config


def test_redis_requires_the_password_the_app_services_connect_with():
    redis = SERVICES["redis"]
    assert '--requirepass "$$REDIS_PASSWORD"' in " ".join(redis["command"])
    assert redis["environment"]["REDIS_PASSWORD"].startswith("${REDIS_PASSWORD:?")
    assert "REDISCLI_AUTH" in " ".join(redis["healthcheck"]["test"])
