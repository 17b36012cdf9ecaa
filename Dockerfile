# KLA Metro production image: gunicorn web, Celery worker and beat share it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=kla_metro.settings

RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
      libharfbuzz-subset0 fontconfig fonts-dejavu-core gettext curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# collectstatic needs settings that start; random build-time keys, never stored in the image.
RUN DEBUG=False SECRET_KEY="$(python -c "import secrets; print(secrets.token_urlsafe(50))")" \
    FIELD_ENCRYPTION_KEY="$(python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())")" \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 python manage.py collectstatic --noinput \
 && DEBUG=True python manage.py compilemessages --ignore=.venv \
 && useradd --system --uid 1000 --home /app kla && mkdir -p /app/var/media && chown -R kla /app/var

USER kla
EXPOSE 8000
CMD ["gunicorn", "kla_metro.wsgi:application", "--config", "gunicorn.conf.py"]
