"""Drill: PostgreSQL goes away while users work; the next request after it is back must work.

Run on demand:  .venv/bin/python tests/bench/drill_postgres.py [--restart]
Starts two gunicorn servers (2 workers each) on free ports against their own database (kla_drill_pg), one closing
its database connection after every request (CONN_MAX_AGE=0, the default) and one keeping it for 60 s
(CONN_MAX_AGE=60, checked before reuse by CONN_HEALTH_CHECKS). Clients keep requesting pages throughout.
By default only this database's connections are cut (pg_terminate_backend), which disturbs nobody else;
--restart restarts the whole PostgreSQL cluster (pg_ctlcluster ... restart), which breaks every other
connection on the machine for a few seconds: run it only when nobody else is using the database.
Prints requests and errors before, during and after, the first request after recovery, and a verdict.
"""

import argparse
import subprocess
import sys
import threading
import time
from pathlib import Path

from drill_common import Client, drill_env, free_port, prepare_database, start_gunicorn

PAGES = ["/", "/rad/", "/rapat/"]
DATABASE = "kla_drill_pg"
CUT_SQL = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = 'kla_drill_pg'"


class Traffic(threading.Thread):
    """One logged-in user requesting pages in a loop, recording (start, end, status) of each request."""

    def __init__(self, port: int, username: str, max_age: str):
        super().__init__(daemon=True)
        self.username, self.max_age = username, max_age
        self.client = Client(port)
        self.client.login(username)
        self.log: list[tuple[float, float, int]] = []
        self.stopping = threading.Event()

    def run(self):
        for index in range(1_000_000):
            if self.stopping.is_set():
                break
            started = time.monotonic()
            status, _, _ = self.client.request("GET", PAGES[index % len(PAGES)])
            self.log.append((started, time.monotonic(), status))
            time.sleep(0.05)


def count(log, keep) -> tuple[int, int]:
    window = [status for start, end, status in log if keep(start, end)]
    return len(window), sum(1 for status in window if status != 200)


def cut_connections() -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", CUT_SQL], check=True, capture_output=True)


def restart_cluster() -> None:
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", "--mode", "fast", version, "main", "restart"],
        check=True,
        capture_output=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--restart", action="store_true", help="restart the whole cluster (disturbs everyone)")
    args = parser.parse_args()
    database = DATABASE
    print("Menyiapkan basis data kla_drill_pg ...", flush=True)
    prepare_database(drill_env(database, None))
    servers, traffic = [], []
    failures = []
    try:
        for max_age in ("0", "60"):
            port = free_port()
            servers.append((max_age, port, start_gunicorn(drill_env(database, None, CONN_MAX_AGE=max_age), port)))
        for max_age, port, _ in servers:
            for username in ("pimpinan.bappeda", "admin.dp3ap2kb"):
                traffic.append(Traffic(port, username, max_age))
        for thread in traffic:
            thread.start()
        time.sleep(10)
        before = time.monotonic()
        started = time.monotonic()
        if args.restart:
            restart_cluster()
            action = "PostgreSQL cluster di-restart"
        else:
            cut_connections()
            action = f"semua koneksi ke {database} diputus (pg_terminate_backend)"
        back = time.monotonic()
        print(f"{action}; perintah selesai dalam {back - started:.1f} s")
        time.sleep(10)
        for thread in traffic:
            thread.stopping.set()
        for thread in traffic:
            thread.join(timeout=60)
        print(f"{'CONN_MAX_AGE':<13}{'pengguna':<18}{'sebelum':>12}{'selama':>12}{'sesudah':>12}  pertama sesudah")
        for thread in traffic:
            # During = in flight at some moment between the cut (or restart) and its end.
            b = count(thread.log, lambda _start, end: end < before)
            d = count(thread.log, lambda start, end: end >= before and start < back)
            a = count(thread.log, lambda start, _end: start >= back)
            first = next((status for start, _, status in thread.log if start >= back), None)
            print(
                f"{thread.max_age:<13}{thread.username:<18}"
                f"{f'{b[0]}/{b[1]} galat':>12}{f'{d[0]}/{d[1]} galat':>12}{f'{a[0]}/{a[1]} galat':>12}  HTTP {first}"
            )
            if first != 200:
                failures.append(f"permintaan pertama sesudah pulih (CONN_MAX_AGE={thread.max_age}) -> {first}")
            if a[1]:
                failures.append(f"{a[1]} galat sesudah pulih (CONN_MAX_AGE={thread.max_age})")
    finally:
        for _, _, server in servers:
            server.stop()
    print("HASIL:", "LULUS" if not failures else "GAGAL: " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
