"""Drill: the Celery worker is killed (SIGKILL) while it renders a report; the report must still be delivered.

Run on demand:  .venv/bin/python tests/bench/drill_worker.py [--child-only]
Uses its own database (kla_drill), its own redis-server on a free port, gunicorn and a Celery worker. By default the
whole worker (main process and pool child) is killed, as when a container is stopped hard; --child-only kills only
the pool process, as when the kernel's OOM killer picks it. Prints each step, what brought the job back, and a verdict.
"""

import argparse
import os
import signal
import subprocess
import sys
import time

from drill_common import (
    Client,
    drill_env,
    free_port,
    http_wait_job,
    job_status,
    latest_job_id,
    prepare_database,
    requeue_as_scheduler_would,
    start_gunicorn,
    start_redis,
    start_worker,
    wait_job,
)


def pool_children(pid: int) -> list[int]:
    result = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(p) for p in result.stdout.split()]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child-only", action="store_true")
    args = parser.parse_args()
    redis_port, web_port = free_port(), free_port()
    env = drill_env("kla_drill", f"redis://127.0.0.1:{redis_port}/0")
    print("Menyiapkan basis data kla_drill ...", flush=True)
    prepare_database(env)
    redis = start_redis(redis_port)
    web = start_gunicorn(env, web_port)
    worker = start_worker(env, "worker-1")
    failures = []
    try:
        client = Client(web_port)
        client.login("admin.dp3ap2kb")
        # The annual evaluation report is the longest render: the best window to kill the worker in.
        tahun = str(time.localtime().tm_year)
        status, _, _ = client.request("POST", "/laporan/", {"jenis": "evaluasi", "tahun": tahun})
        job = latest_job_id(env)
        seen, waited = http_wait_job(client, job, {"diproses", "selesai", "gagal"}, timeout=120)
        print(f"1. POST /laporan/ -> HTTP {status}; laporan {job}: {seen} setelah {waited:.1f} s")
        if seen != "diproses":
            print("HASIL: TIDAK DAPAT DIUJI (laporan tidak tertangkap saat diproses)")
            return 2
        if args.child_only:
            children = pool_children(worker.popen.pid)
            for child in children:
                os.kill(child, signal.SIGKILL)
            print(f"2. Proses pool {children} dibunuh (SIGKILL); proses utama worker tetap hidup.")
        else:
            worker.kill()
            print("2. Seluruh worker dibunuh (SIGKILL) di tengah render.")
        time.sleep(2)
        print(f"   laporan {job}: {job_status(env, job)}")
        if not args.child_only:
            worker = start_worker(env, "worker-2")
            print("3. Worker baru dijalankan.")
        line, waited = wait_job(env, job, {"selesai", "gagal"}, timeout=60)
        print(f"   tanpa campur tangan: laporan {job}: {line} setelah {waited:.0f} s (batas tunggu 60 s)")
        if not line.startswith("selesai"):
            print("4. Penjadwal ulang (beat, tiap 10 menit) dijalankan seperti setelah BATAS_MACET (30 menit).")
            print(f"   dijadwalkan ulang: {requeue_as_scheduler_would(env)}")
            line, waited = wait_job(env, job, {"selesai", "gagal"}, timeout=240)
            print(f"   laporan {job}: {line} dalam {waited:.0f} s setelah dijadwalkan ulang")
        if not line.startswith("selesai"):
            failures.append(f"laporan {job} tidak selesai: {line}")
        code, _, headers = client.request("GET", f"/laporan/{job}/unduh/")
        print(f"5. GET /laporan/{job}/unduh/ -> HTTP {code} {headers.get('Content-Type', '')}")
        if code != 200:
            failures.append(f"unduh laporan -> {code}")
    finally:
        worker.stop()
        web.stop()
        redis.stop()
    print("HASIL:", "LULUS" if not failures else "GAGAL: " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
