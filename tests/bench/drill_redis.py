"""Drill: Redis stops while a user requests a report; the request must never be a 500 and must run when Redis is back.

Run on demand:  .venv/bin/python tests/bench/drill_redis.py
Uses its own database (kla_drill), its own redis-server on a free port, gunicorn and a Celery worker; the shared
Redis of the other tests is never touched. Prints each step and a verdict.
"""

import sys
import time

from drill_common import (
    Client,
    drill_env,
    free_port,
    job_status,
    latest_job_id,
    prepare_database,
    requeue_as_scheduler_would,
    start_gunicorn,
    start_redis,
    start_worker,
    wait_job,
)


def main() -> int:
    redis_port, web_port = free_port(), free_port()
    env = drill_env("kla_drill", f"redis://127.0.0.1:{redis_port}/0")
    print("Menyiapkan basis data kla_drill ...", flush=True)
    prepare_database(env)
    redis = start_redis(redis_port)
    web = start_gunicorn(env, web_port)
    worker = start_worker(env)
    failures = []
    try:
        client = Client(web_port)
        client.login("admin.dp3ap2kb")

        status, _, _ = client.request("POST", "/laporan/", {"jenis": "kasus", "tahun": "2025"})
        first = latest_job_id(env)
        line, waited = wait_job(env, first, {"selesai", "gagal"}, timeout=180)
        print(f"1. Redis hidup: POST /laporan/ -> HTTP {status}; laporan {first} {line} dalam {waited:.0f} s")

        redis.stop()
        print("2. Redis dihentikan.")
        started = time.monotonic()
        status, _, headers = client.request("POST", "/laporan/", {"jenis": "rad", "tahun": "2025"})
        elapsed = time.monotonic() - started
        page_status, page, _ = client.request("GET", "/laporan/")
        job = latest_job_id(env)
        print(
            f"   POST /laporan/ -> HTTP {status} ({headers.get('Location', '')}) dalam {elapsed:.1f} s; "
            f"GET /laporan/ -> HTTP {page_status}; laporan {job}: {job_status(env, job)}"
        )
        if status != 302 or page_status != 200:
            failures.append("permintaan laporan saat Redis mati bukan 302/200")
        if "Antrean sedang tidak tersedia" not in page:
            failures.append("halaman laporan tidak memberi tahu bahwa antrean tidak tersedia")
        for path in ("/", "/rad/", "/rapat/"):
            code, _, _ = client.request("GET", path)
            print(f"   GET {path} saat Redis mati -> HTTP {code}")
            if code != 200:
                failures.append(f"{path} -> {code} saat Redis mati")

        redis = start_redis(redis_port)
        print("3. Redis hidup lagi; penjadwal ulang (beat, tiap 10 menit) dijalankan seperti setelah BATAS_MACET.")
        print(f"   dijadwalkan ulang: {requeue_as_scheduler_would(env)}")
        line, waited = wait_job(env, job, {"selesai", "gagal"}, timeout=240)
        print(f"   laporan {job}: {line} dalam {waited:.0f} s setelah dijadwalkan ulang")
        if not line.startswith("selesai"):
            failures.append(f"laporan {job} tidak selesai setelah Redis kembali")

        status, _, _ = client.request("POST", "/laporan/", {"jenis": "evaluasi", "tahun": "2025"})
        fresh = latest_job_id(env)
        line, waited = wait_job(env, fresh, {"selesai", "gagal"}, timeout=240)
        print(f"4. Permintaan baru pada server web yang sama: HTTP {status}; laporan {fresh} {line} ({waited:.0f} s)")
        if status != 302 or not line.startswith("selesai"):
            failures.append("permintaan baru setelah Redis kembali tidak langsung diproses")
    finally:
        worker.stop()
        web.stop()
        redis.stop()
    print("HASIL:", "LULUS" if not failures else "GAGAL: " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
