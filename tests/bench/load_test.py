"""Load test: each page's throughput as a share of a trivial logged-in page (the ceiling), cold and warm.

Run on demand against a dedicated database (created, migrated and seeded at --scale N when not yet there):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kla_bench_load .venv/bin/python tests/bench/load_test.py --scale 100
gunicorn (2 workers, production settings) listens on a free loopback port. Every client logs in (a real
login POST with its CSRF token) before anything is timed. Each page is driven by --clients concurrent
clients for --seconds, between two windows of the ceiling page, over --rounds rounds, so a page is
compared with the ceiling measured right before and after it: on a shared, noisy machine the ratio
holds better than the requests per second. Cold runs the server with CACHE_ENABLED=False (every page
computed on every request); warm with the Redis cache, emptied first. Traffic goes only to the server
this script starts; every loop is bounded in time and in request count.
"""

import argparse
import http.client
import json
import os
import platform
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.drill_common import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Beban-Uji-2026"
MAX_REQUESTS_PER_WINDOW = 100_000
CLK_TCK = os.sysconf("SC_CLK_TCK")
CEILING = ("/accounts/password_change/done/", "admin.dp3ap2kb", "halaman ringan (plafon)")
# The client shares the machine with the server: above this share of one core it may be what limits.
CLIENT_CPU_WARN = 0.5
# The server's session key, of this run only (sessions do not outlive it).
SECRET_KEY = secrets.token_urlsafe(50)


def pages_list(action_id: str) -> list[tuple[str, str, str]]:
    """(path, user, label) of every measured page; the demo users of seed_demo."""
    return [
        ("/", "pimpinan.bappeda", "dasbor (pimpinan)"),
        ("/rad/", "admin.dp3ap2kb", "RAD (admin)"),
        ("/rad/", "opd.dinkes", "RAD (operator OPD)"),
        (f"/rad/aksi/{action_id}/", "opd.dinkes", "aksi RAD (operator OPD)"),
        ("/evaluasi/", "admin.dp3ap2kb", "evaluasi (admin)"),
        ("/kasus/statistik/", "admin.dp3ap2kb", "statistik kasus (admin)"),
        ("/rapat/", "admin.dp3ap2kb", "rapat (admin)"),
    ]


def env_build(redis_url: str, *, cache: bool) -> dict:
    """Production settings: DEBUG off, a secret key of this run, loopback only."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kla_metro.settings",
        "DEBUG": "False",
        "SECRET_KEY": SECRET_KEY,
        # The bench database's (fake) identities are encrypted with this key; it is refused nowhere but here.
        "FIELD_ENCRYPTION_KEY": "bG9hZC10ZXN0LW9ubHkta2V5LWZvci1rbGEtbWV0cm8=",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "AXES_FAILURE_LIMIT": "1000",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kla_bench_load"),
        # As in production: Redis is the Celery broker and the cache shared by the gunicorn workers.
        "REDIS_URL": redis_url,
        "CACHE_ENABLED": str(cache),
    }


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def shell(env: dict, code: str) -> str:
    lines = manage(env, "shell", "-c", code).strip().splitlines()
    return lines[-1] if lines else ""


def prepare(env: dict, scale: int) -> None:
    """Create and migrate the database; seed it at `scale` unless it is there already."""
    db_name = env["DATABASE_URL"].rsplit("/", 1)[1]
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f'CREATE DATABASE "{db_name}"'], capture_output=True
    )
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    current = int(shell(env, "from tests.bench.scale import demo_scale_get; print(demo_scale_get())"))
    if current > scale:
        sys.exit(
            f"Basis data {db_name} berisi data demo skala {current}, lebih dari --scale {scale}; salinan tidak "
            "dihapus. Arahkan DATABASE_URL ke basis data lain (atau hapus basis data ini) untuk skala yang lebih kecil."
        )
    if current == scale:
        print(f"data demo skala {scale} sudah ada di {db_name}; tidak diisi ulang")
        return
    started = time.perf_counter()
    manage(env, "seed_demo", "--force", "--password", PASSWORD, "--scale", str(scale))
    # Fresh bulk inserts have no planner statistics until autovacuum gets to them.
    shell(env, "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')")
    print(f"seed_demo --scale {scale} di {db_name}: {time.perf_counter() - started:.0f} s")


class Client:
    """One client: its own session cookie and connection (gunicorn's sync workers close it after each answer)."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> int:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            return 0
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status

    def login(self, username: str) -> None:
        self.request("GET", "/accounts/login/")
        token = self.cookies.get("csrftoken", "")
        body = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
        status = self.request("POST", "/accounts/login/", body)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login {username} gagal: HTTP {status} (kata sandi data demo bukan {PASSWORD}?)")


@dataclass
class Window:
    requests: int
    seconds: float
    errors: int
    latencies: list[float]
    client_cpu: float
    server_cpu: float
    db_cpu: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def cpu_per_request(self) -> float:
        """Seconds of gunicorn and PostgreSQL CPU per request: what the page costs, however busy the machine is."""
        return (self.server_cpu + self.db_cpu) / max(self.requests, 1)


@dataclass
class Result:
    path: str
    user: str
    label: str
    windows: list[Window] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    cpu_ratios: list[float] = field(default_factory=list)


def server_cpu_seconds(master_pid: int) -> float:
    """User and system CPU of gunicorn's workers so far (the children of the master process)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:
            total += int(fields[11]) + int(fields[12])
    return total / CLK_TCK


def db_cpu_seconds(db_name: str) -> dict[int, float]:
    """User and system CPU so far of each PostgreSQL backend of the bench database (while driven: the server's)."""
    marker = f" {db_name} ".encode()
    cpu = {}
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (proc / "cmdline").read_bytes()
            if not cmdline.startswith(b"postgres:") or marker not in cmdline:
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        cpu[int(proc.name)] = (int(fields[11]) + int(fields[12])) / CLK_TCK
    return cpu


def drive(clients: list[Client], path: str, seconds: float, master_pid: int, db_name: str) -> Window:
    """Every client requests `path` over and over for `seconds`, all starting together."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    barrier = threading.Barrier(len(clients) + 1)
    deadline = [0.0]

    def worker(client: Client) -> None:
        local, failed = [], 0
        barrier.wait()
        for _ in range(MAX_REQUESTS_PER_WINDOW):
            if time.monotonic() >= deadline[0]:
                break
            start = time.perf_counter()
            status = client.request("GET", path)
            local.append(time.perf_counter() - start)
            failed += status != 200
        with lock:
            latencies.extend(local)
            errors[0] += failed

    threads = [threading.Thread(target=worker, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    cpu_before, server_before = time.process_time(), server_cpu_seconds(master_pid)
    db_before = db_cpu_seconds(db_name)
    started = time.monotonic()
    deadline[0] = started + seconds
    barrier.wait()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    db_after = db_cpu_seconds(db_name)
    return Window(
        requests=len(latencies),
        seconds=elapsed,
        errors=errors[0],
        latencies=latencies,
        client_cpu=(time.process_time() - cpu_before) / elapsed,
        server_cpu=server_cpu_seconds(master_pid) - server_before,
        db_cpu=sum(value - db_before.get(pid, 0) for pid, value in db_after.items()),
    )


def quantile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] * 1000 if values else 0.0
    return statistics.quantiles(values, n=100)[q - 1] * 1000


def server_start(env: dict, port: int) -> subprocess.Popen:
    log = (ROOT / "var" / "load-test-gunicorn.log").open("a")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "kla_metro.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_for_port(port)
    return server


def run_mode(env: dict, *, cache: bool, args, action_id: str) -> tuple[Result, list[Result]]:
    """One server (cold or warm): log everyone in, warm every page up once, then the interleaved rounds."""
    if cache:
        # A cache left from another run or scale must not answer for this data.
        shell(env, "from django.core.cache import cache; cache.clear()")
    port = free_port()
    server = server_start(env, port)
    try:
        pages = [r for r in pages_list(action_id) if not args.page or any(p in r[2] for p in args.page)]
        users = {CEILING[1]} | {user for _, user, _ in pages}
        started = time.perf_counter()
        pool: dict[str, list[Client]] = {}
        for user in sorted(users):
            pool[user] = [Client(port) for _ in range(args.clients)]
            for client in pool[user]:
                client.login(user)
        print(f"  {len(users) * args.clients} klien masuk (login) dalam {time.perf_counter() - started:.1f} s")
        for path, user, _ in [CEILING, *pages]:
            for client in pool[user]:
                if client.request("GET", path) != 200:
                    raise RuntimeError(f"{path} sebagai {user}: bukan HTTP 200 saat pemanasan")
        ceiling = Result(*CEILING)
        results = [Result(*page) for page in pages]
        db_name = env["DATABASE_URL"].rsplit("/", 1)[1]
        for round_no in range(1, args.rounds + 1):
            load = os.getloadavg()
            before = drive(pool[CEILING[1]], CEILING[0], args.seconds, server.pid, db_name)
            ceiling.windows.append(before)
            for result in results:
                window = drive(pool[result.user], result.path, args.seconds, server.pid, db_name)
                after = drive(pool[CEILING[1]], CEILING[0], args.seconds, server.pid, db_name)
                result.windows.append(window)
                ceiling.windows.append(after)
                result.ratios.append(window.rps / ((before.rps + after.rps) / 2))
                result.cpu_ratios.append((before.cpu_per_request + after.cpu_per_request) / 2 / window.cpu_per_request)
                before = after
            print(f"  putaran {round_no}/{args.rounds} selesai; beban saat mulai {_load(load)}")
        return ceiling, results
    finally:
        server.terminate()
        server.wait(timeout=30)


def table_print(ceiling: Result, results: list[Result], rounds: int) -> None:
    ratio_heads = "".join(f"{'p' + str(r + 1):>6}" for r in range(rounds))
    print(
        f"  {'halaman':<30}{'pengguna':<18}{'req/s':>7}{ratio_heads}{'min':>6}{'median':>7}"
        f"{'p50 ms':>8}{'p95 ms':>8}{'galat':>6}{'CPU srv':>8}{'CPU db':>7}{'r.CPU':>6}{'CPU kl':>7}"
    )
    for r in [ceiling, *results]:
        latencies = [x for w in r.windows for x in w.latencies]
        requests = sum(w.requests for w in r.windows)
        rps = statistics.median(w.rps for w in r.windows)
        ratios = "".join(f"{x:>6.2f}" for x in r.ratios) if r.ratios else f"{'':>{6 * rounds}}"
        summary = f"{min(r.ratios):>6.2f}{statistics.median(r.ratios):>7.2f}" if r.ratios else f"{'plafon':>13}"
        server_ms = sum(w.server_cpu for w in r.windows) / max(requests, 1) * 1000
        db_ms = sum(w.db_cpu for w in r.windows) / max(requests, 1) * 1000
        cpu_ratio = f"{statistics.median(r.cpu_ratios):>6.2f}" if r.cpu_ratios else f"{'':>6}"
        client_cpu = max(w.client_cpu for w in r.windows)
        print(
            f"  {r.label:<30}{r.user:<18}{rps:>7.1f}{ratios}{summary}{quantile(latencies, 50):>8.1f}"
            f"{quantile(latencies, 95):>8.1f}{sum(w.errors for w in r.windows):>6}{server_ms:>8.1f}{db_ms:>7.1f}"
            f"{cpu_ratio}{client_cpu:>7.0%}"
        )
    print(
        "  req/s: median putaran; p1…: req/s halaman dibagi rata-rata dua jendela plafon tepat sebelum dan "
        "sesudahnya; CPU srv / CPU db: ms CPU worker gunicorn / proses PostgreSQL basis data ini per permintaan; "
        "r.CPU: median putaran CPU (srv + db) per permintaan plafon dibagi CPU halaman, perkiraan rasio pada mesin "
        "yang tidak dipakai bersama; CPU kl: porsi satu core tertinggi yang dipakai pembangkit beban"
    )
    busiest = max(w.client_cpu for r in [ceiling, *results] for w in r.windows)
    if busiest > CLIENT_CPU_WARN:
        print(f"  PERHATIAN: klien memakai {busiest:.0%} satu core; pembangkit beban mungkin ikut membatasi.")


def _load(load: tuple[float, float, float]) -> str:
    return " ".join(f"{x:.2f}" for x in load)


def machine_print(env: dict) -> None:
    cpu = next(
        (
            re.sub(r".*: ", "", line)
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    counts = shell(
        env,
        "from kasus.models import Kasus; from rad_kla.models import RencanaAksi, Realisasi; "
        "from gugus_tugas.models import Rapat; "
        "print(f'rencana aksi {RencanaAksi.objects.count():,}, realisasi {Realisasi.objects.count():,}, "
        "kasus {Kasus.objects.count():,}, rapat {Rapat.objects.count():,}')",
    )
    print(f"mesin: {os.cpu_count()} CPU, {cpu}; Python {platform.python_version()}; gunicorn 2 worker (sync)")
    print(f"data: {counts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5, help="length of one measuring window")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cache", choices=["both", "cold", "warm"], default="both")
    parser.add_argument("--page", action="append", help="measure only pages whose label contains this (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    redis_url = os.environ.get("LOAD_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/13"

    base_env = env_build(redis_url, cache=True)
    prepare(base_env, args.scale)
    action_id = shell(
        base_env,
        "from rad_kla.models import RencanaAksi as R; "
        "print(R.objects.filter(opd__singkatan='Dinkes').exclude(kode__regex=r'-s[0-9]+$').order_by('pk')"
        ".values_list('pk', flat=True).first())",
    )
    machine_print(base_env)
    print(
        f"{args.clients} klien; {args.rounds} putaran; jendela {args.seconds:.0f} s per halaman, diselingi halaman "
        f"ringan; data demo skala {args.scale}"
    )
    modes = {"cold": [False], "warm": [True], "both": [False, True]}[args.cache]
    report = {"scale": args.scale, "clients": args.clients, "seconds": args.seconds, "rounds": args.rounds}
    for cache in modes:
        name = "hangat (cache Redis)" if cache else "dingin (CACHE_ENABLED=False)"
        print(f"\n{name}; beban {_load(os.getloadavg())}")
        ceiling, results = run_mode(env_build(redis_url, cache=cache), cache=cache, args=args, action_id=action_id)
        load = os.getloadavg()
        table_print(ceiling, results, args.rounds)
        print(f"  beban di akhir: {_load(load)}")
        report["warm" if cache else "cold"] = {
            "ceiling_rps": [w.rps for w in ceiling.windows],
            "load_end": load,
            "pages": [
                {
                    "label": r.label,
                    "path": r.path,
                    "rps": [w.rps for w in r.windows],
                    "ratios": r.ratios,
                    "cpu_ratios": r.cpu_ratios,
                    "errors": sum(w.errors for w in r.windows),
                }
                for r in results
            ],
        }
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
