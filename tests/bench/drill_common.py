"""Shared pieces of the failure drills: a dedicated database, a private Redis, gunicorn and a Celery worker.

Every process a drill starts listens on 127.0.0.1 only, on a free port, and is stopped by the drill itself.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "Latihan-Gagal-2026"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def drill_env(database: str, redis_url: str | None, **extra: str) -> dict:
    """Production settings (DEBUG off) on a dedicated database; Celery eager when redis_url is None."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kla_metro.settings",
        "DEBUG": "False",
        "SECRET_KEY": "drill-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-kla",
        "FIELD_ENCRYPTION_KEY": "bG9hZC10ZXN0LW9ubHkta2V5LWZvci1rbGEtbWV0cm8=",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "AXES_FAILURE_LIMIT": "1000",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        **extra,
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def shell(env: dict, code: str) -> str:
    """Run Python inside the project (manage.py shell) and return its last printed line."""
    lines = manage(env, "shell", "-c", code).strip().splitlines()
    return lines[-1] if lines else ""


def prepare_database(env: dict) -> None:
    """Create (if needed), migrate and seed the drill's own database; seed_demo is idempotent."""
    database = env["DATABASE_URL"].rsplit("/", 1)[1]
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f'CREATE DATABASE "{database}"'], capture_output=True
    )
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "seed_demo", "--force", "--password", PASSWORD)


class Process:
    """A child process in its own process group, so it and its children stop together."""

    def __init__(self, label: str, args: list[str], env: dict | None = None, log: Path | None = None):
        self.label = label
        self.log = log or ROOT / "var" / f"drill-{label}.log"
        with self.log.open("w") as out:
            self.popen = subprocess.Popen(
                args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, sig)
            self.popen.wait(timeout=30)

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def start_redis(port: int) -> Process:
    process = Process(
        f"redis-{port}",
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
    )
    wait_for_port(port)
    return process


def start_gunicorn(env: dict, port: int, workers: int = 2) -> Process:
    process = Process(
        f"gunicorn-{port}",
        [
            str(BIN / "gunicorn"),
            "kla_metro.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    wait_for_port(port)
    return process


def start_worker(env: dict, label: str = "worker") -> Process:
    return Process(
        label,
        [str(BIN / "celery"), "-A", "kla_metro", "worker", "--concurrency", "1", "--loglevel", "INFO"],
        env=env,
    )


def wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"port {port} tidak terbuka setelah {timeout} detik")


class Client:
    """One keep-alive connection with its own session cookie."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, str, dict]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.conn.close()
            return 0, str(error), {}
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text, dict(response.getheaders())

    def login(self, username: str) -> None:
        self.request("GET", "/accounts/login/")
        status, _, _ = self.request("POST", "/accounts/login/", {"username": username, "password": PASSWORD})
        if status != 302:
            raise RuntimeError(f"login {username} gagal: HTTP {status}")


def job_status(env: dict, job_id: int) -> str:
    return shell(
        env,
        f"from evaluasi.models import LaporanJob as J; j = J.objects.get(pk={job_id}); "
        "print(f'{j.status}|{j.percobaan}|{j.pesan_galat}')",
    )


def latest_job_id(env: dict) -> int:
    return int(shell(env, "from evaluasi.models import LaporanJob as J; print(J.objects.latest('pk').pk)"))


def wait_job(env: dict, job_id: int, statuses: set[str], timeout: float) -> tuple[str, float]:
    """Poll a report job until its status is one of statuses; returns (status line, seconds waited)."""
    started = time.monotonic()
    line = job_status(env, job_id)
    while line.split("|")[0] not in statuses and time.monotonic() - started < timeout:
        time.sleep(1)
        line = job_status(env, job_id)
    return line, time.monotonic() - started


def requeue_as_scheduler_would(env: dict) -> str:
    """Run the periodic requeue as it runs once BATAS_MACET has passed (beat runs it every 10 minutes)."""
    return shell(
        env,
        "import datetime; from django.utils import timezone; "
        "from evaluasi.services import BATAS_MACET, laporan_requeue; "
        "print(laporan_requeue(sekarang=timezone.now() + BATAS_MACET + datetime.timedelta(minutes=1)))",
    )


BADGES = {"text-bg-primary": "diproses", "text-bg-success": "selesai", "text-bg-danger": "gagal"}


def http_job_status(client: Client, job_id: int) -> str:
    """The job's status as the user's page shows it (the polled status fragment); fast enough to catch a render."""
    code, html, _ = client.request("GET", f"/laporan/{job_id}/status/")
    if code != 200:
        return f"http-{code}"
    return next((status for badge, status in BADGES.items() if badge in html), "antri")


def http_wait_job(client: Client, job_id: int, statuses: set[str], timeout: float) -> tuple[str, float]:
    started = time.monotonic()
    status = http_job_status(client, job_id)
    while status not in statuses and time.monotonic() - started < timeout:
        time.sleep(0.1)
        status = http_job_status(client, job_id)
    return status, time.monotonic() - started
