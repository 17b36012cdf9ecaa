"""gunicorn settings of the production image: bind, workers, timeout, and a Server header that names no software."""

import os

import gunicorn.http.wsgi

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# Exports of a whole RAD still run inside the request.
timeout = 120
accesslog = "-"

# gunicorn writes "Server: gunicorn" into every response, before the application's headers; the
# name is read from this module attribute each time, so it is replaced once in the master process.
gunicorn.http.wsgi.SERVER = "kla-metro"
