"""Load test: gunicorn (2 workers) on 127.0.0.1 with PostgreSQL and demo data, 16 clients, 60 s a page.

Run on demand:  .venv/bin/python tests/bench/load_test.py [--seconds 60] [--clients 16] [--scale 1]
Prints requests/s, p50/p95/p99 latency and errors per page, with a trivial logged-in page as the
ceiling. Traffic goes only to the loopback server this script starts, and every loop is bounded
in time and in request count.
"""

import argparse
import http.client
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
PORT = 8799
PASSWORD = "Beban-Uji-2026"
MAX_REQUESTS_PER_CLIENT = 100_000
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "kla_metro.settings",
    "DEBUG": "False",
    "SECRET_KEY": "load-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "FIELD_ENCRYPTION_KEY": "bG9hZC10ZXN0LW9ubHkta2V5LWZvci1rbGEtbWV0cm8=",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "False",
    "AXES_FAILURE_LIMIT": "1000",
    "LOG_LEVEL": "WARNING",
    "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kla_bench_load"),
    # As in production: Redis is the cache shared by the gunicorn workers (and the Celery broker).
    "REDIS_URL": os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/13"),
}


def manage(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True, capture_output=True, text=True
    )
    return result.stdout


def prepare(scale: int) -> None:
    db_name = ENV["DATABASE_URL"].rsplit("/", 1)[1]
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f'CREATE DATABASE "{db_name}"'], capture_output=True
    )
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    manage("seed_demo", "--force", "--password", PASSWORD, "--scale", str(scale))


class Client:
    """One keep-alive connection with its own session cookie."""

    def __init__(self):
        self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text

    def login(self, username: str) -> None:
        self.request("GET", "/accounts/login/")
        body = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.cookies["csrftoken"]})
        status, _ = self.request("POST", "/accounts/login/", body)
        if status != 302:
            raise RuntimeError(f"login {username} gagal: HTTP {status}")


def drive(path: str, seconds: float, clients: int, username: str) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        client = Client()
        client.login(username)
        local, failed = [], 0
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() >= deadline:
                break
            start = time.perf_counter()
            try:
                status, _ = client.request("GET", path)
            except (OSError, http.client.HTTPException):
                status = 0
                client.conn.close()
            local.append(time.perf_counter() - start)
            if status != 200:
                failed += 1
        with lock:
            latencies.extend(local)
            errors[0] += failed

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    return {
        "path": path,
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": quantiles[49] * 1000,
        "p95": quantiles[94] * 1000,
        "p99": quantiles[98] * 1000,
        "errors": errors[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    prepare(args.scale)
    action_id = (
        manage(
            "shell",
            "-c",
            "from rad_kla.models import RencanaAksi as R; "
            "print(R.objects.order_by('pk').values_list('pk', flat=True).first())",
        )
        .strip()
        .splitlines()[-1]
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "kla_metro.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
    )
    try:
        for _ in range(50):
            try:
                Client().request("GET", "/healthz/")
                break
            except OSError:
                time.sleep(0.2)
        cpu = next(
            (
                re.sub(r".*: ", "", line)
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        print(
            f"Mesin: {os.cpu_count()} core, {cpu}; Python {platform.python_version()}; gunicorn 2 worker; "
            f"{args.clients} klien x {args.seconds:.0f} s per halaman; data demo skala {args.scale}"
        )
        pages = [
            ("/accounts/password_change/done/", "admin.dp3ap2kb"),
            ("/", "pimpinan.bappeda"),
            ("/rad/", "admin.dp3ap2kb"),
        ]
        if action_id != "None":
            pages.append((f"/rad/aksi/{action_id}/", "opd.dinkes"))
        results = [drive(path, args.seconds, args.clients, user) for path, user in pages]
        print(f"{'halaman':<34}{'permintaan':>11}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'galat':>7}")
        for r in results:
            print(
                f"{r['path']:<34}{r['requests']:>11}{r['rps']:>9.1f}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}{r['errors']:>7}"
            )
        ceiling = results[0]["rps"]
        print(f"Dasbor / halaman ringan: {results[1]['rps'] / ceiling * 100:.0f}% (sasaran >= 50%)")
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
