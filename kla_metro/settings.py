"""Django settings for KLA Metro, read from the environment (see CONTRACT.md)."""

import datetime
import hashlib
import ipaddress
import os
from pathlib import Path

import environ
from celery.schedules import crontab
from cryptography.fernet import Fernet
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# Development-only values; DEBUG=False refuses to start with them missing.
DEV_SECRET_KEY = "dev-only-kla-metro-secret-key-never-use-in-production-0123456789"  # noqa: S105
DEV_FIELD_ENCRYPTION_KEY = "ZGV2LW9ubHkta2V5LWZvci1rbGEtbWV0cm8tMDAwMDA="
# Keys written in this repository are public: DEBUG=False refuses them, so a copied development
# configuration cannot go live. The test keys of settings_test.py pass only with those settings.
TEST_SETTINGS_MODULE = "kla_metro.settings_test"
PUBLIC_SECRET_KEYS = {DEV_SECRET_KEY}
PUBLIC_FIELD_ENCRYPTION_KEYS = {DEV_FIELD_ENCRYPTION_KEY}
if os.environ.get("DJANGO_SETTINGS_MODULE") != TEST_SETTINGS_MODULE:
    PUBLIC_SECRET_KEYS.add("test-only-secret-key-kla-metro-0123456789-abcdefghijklmnop")
    PUBLIC_FIELD_ENCRYPTION_KEYS.add("dGVzdC1vbmx5LWtleS1mb3Ita2xhLW1ldHJvLTAwMDA=")


def _strict_bool(name: str, default: str | bool) -> bool:
    """Read True/False; any other spelling is a start-up error, not a silent guess. Every boolean uses it."""
    raw = os.environ.get(name, str(default)).strip()
    if raw.lower() == "true":
        return True
    if raw.lower() == "false":
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} tidak dikenal: isi dengan True atau False ({name}={raw!r} is not valid: use True or False)."
    )


def _required(name: str, dev_value: str) -> str:
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if DEBUG:
        return dev_value
    raise ImproperlyConfigured(f"{name} wajib diisi saat DEBUG=False ({name} is required when DEBUG=False).")


def _fernet_keys(raw: str) -> list[str]:
    """Comma-separated Fernet keys, newest first, so old keys can still decrypt."""
    keys = [key.strip() for key in raw.split(",") if key.strip()]
    if not DEBUG and PUBLIC_FIELD_ENCRYPTION_KEYS & set(keys):
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY memuat kunci pengembangan/uji yang tercantum di kode sumber; buat kunci baru "
            "(FIELD_ENCRYPTION_KEY contains a development or test key published in the source code)."
        )
    for key in keys:
        try:
            Fernet(key)
        except ValueError as exc:
            raise ImproperlyConfigured(
                "FIELD_ENCRYPTION_KEY harus berupa kunci Fernet (32 byte, base64 url-safe); "
                "buat dengan: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'"
            ) from exc
    return keys


def _networks(name: str) -> list[str]:
    """Comma-separated addresses or CIDR blocks; a malformed one is a start-up error."""
    entries = env.list(name, default=[])
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{name} berisi {entry!r}, bukan alamat IP atau blok CIDR ({name} has {entry!r}: not an IP or CIDR)."
            ) from exc
    return entries


DEBUG = _strict_bool("DEBUG", "False")
SECRET_KEY = _required("SECRET_KEY", DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY in PUBLIC_SECRET_KEYS:
    raise ImproperlyConfigured(
        "SECRET_KEY adalah kunci pengembangan/uji yang tercantum di kode sumber; buat kunci baru "
        "(SECRET_KEY is a development or test key published in the source code)."
    )
FIELD_ENCRYPTION_KEYS = _fernet_keys(_required("FIELD_ENCRYPTION_KEY", DEV_FIELD_ENCRYPTION_KEY))
# Keys the hash chain of the case access log (kasus/chain.py). Without it the key is derived
# from SECRET_KEY; set it on its own in production so rotating SECRET_KEY does not break the chain.
AKSES_LOG_KEY = (
    env.str("AKSES_LOG_KEY", default="") or hashlib.sha256(f"kasus-akses-log:{SECRET_KEY}".encode()).hexdigest()
)
# More identity reveals than this by one user within an hour alert the secretariat.
# The address of the app as its users reach it (https://kla.example.go.id): links in e-mails.
SITE_URL = env.str("SITE_URL", default="")
KASUS_BATAS_BUKA_PER_JAM = env.int("KASUS_BATAS_BUKA_PER_JAM", default=10)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_htmx",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "klaster",
    "gugus_tugas",
    "notifikasi",
    "rad_kla",
    "kasus",
    "evaluasi",
]

MIDDLEWARE = [
    "core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SessionRenewalMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "core.middleware.RequestSizeLimitMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gugus_tugas.middleware.PenyiapanAwalMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gugus_tugas.middleware.DuaLangkahMiddleware",
    "gugus_tugas.middleware.WajibGantiPasswordMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kla_metro.urls"
WSGI_APPLICATION = "kla_metro.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kla_metro.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Largest request body accepted (several evidence files of at most 10 MB each in one form).
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_MB", default=50) * 1024 * 1024
# An uploaded .xlsx is refused before it is opened when its parts would inflate past these limits.
XLSX_MAX_UNCOMPRESSED_MB = env.int("XLSX_MAX_UNCOMPRESSED_MB", default=50)
XLSX_MAX_RATIO = env.int("XLSX_MAX_RATIO", default=100)
XLSX_MAX_MEMBERS = env.int("XLSX_MAX_MEMBERS", default=500)
# A RAD export of more actions than this is built by the Celery worker instead of inside the request.
RAD_EKSPOR_MAKS_BARIS = env.int("RAD_EKSPOR_MAKS_BARIS", default=5000)
# Connections are kept between requests in production (a new one per request costs more than
# most pages); with more than one web container, put PgBouncer in front (README).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
# A kept connection is checked before reuse, so a restarted PostgreSQL costs no failed request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "gugus_tugas.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["kla_metro.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# Large uploads spool here rather than in the system temp folder, so that the daily orphan sweep
# can remove what a killed request left behind.
FILE_UPLOAD_TEMP_DIR = env.str("FILE_UPLOAD_TEMP_DIR", default=str(BASE_DIR / "var" / "tmp" / "unggah"))
# Every file the app accepts (at most 10 MB) stays in memory while the request is parsed, so a full
# disk is met only by the storage, which answers in words; only larger, refused files spool to disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = 11 * 1024 * 1024
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: Redis when REDIS_URL is set, otherwise tasks run in-process.
REDIS_URL = env.str("REDIS_URL", default="")
# The same Redis keeps short-lived cached pages (the dashboard); without it each process keeps its own.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "kla",
        # JSON, not Django's default pickle: reading a value planted in Redis must not run code.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1, "serializer": "core.cache.JsonSerializer"},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# CACHE_ENABLED=False computes every page on every request (a dummy cache), so the pages can be
# measured without it (tests/bench/load_test.py); the cache only ever adds speed.
if not _strict_bool("CACHE_ENABLED", True):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "log-akses-periksa": {
        "task": "kasus.akses_log_verify",
        "schedule": crontab(hour=3, minute=0),
    },
    "pengingat-tindak-lanjut": {
        "task": "gugus_tugas.pengingat_tindak_lanjut",
        "schedule": crontab(hour=7, minute=0),
    },
    # Before the morning summary at 07:00, so the day's reminders are in it.
    "notifikasi-batas-lapor": {
        "task": "rad_kla.periode_batas_notify",
        "schedule": crontab(hour=6, minute=30),
    },
    "notifikasi-tenggat-tindak-lanjut": {
        "task": "notifikasi.tindak_lanjut_tenggat",
        "schedule": crontab(hour=6, minute=30),
    },
    "notifikasi-ringkasan-harian": {
        "task": "notifikasi.ringkasan_harian",
        "schedule": crontab(hour=7, minute=0),
    },
    "laporan-rad-bulanan": {
        "task": "evaluasi.laporan_rad_bulanan",
        "schedule": crontab(day_of_month=1, hour=6, minute=0),
    },
    "laporan-antre-ulang": {
        "task": "evaluasi.laporan_antre_ulang",
        "schedule": crontab(minute="*/2"),
    },
    "impor-rad-bersihkan": {
        "task": "rad_kla.impor_tertunda_hapus",
        "schedule": crontab(hour=2, minute=30),
    },
    "ekspor-rad-bersihkan": {
        "task": "rad_kla.ekspor_rad_delete",
        "schedule": crontab(hour=2, minute=45),
    },
    "laporan-kedaluwarsa": {
        "task": "evaluasi.laporan_kedaluwarsa_delete",
        "schedule": crontab(hour=3, minute=0),
    },
    "berkas-yatim-hapus": {
        "task": "core.berkas_yatim_delete",
        "schedule": crontab(hour=3, minute=30),
    },
}
# Report jobs: how many unfinished requests one user may have, and how long a finished file is kept.
LAPORAN_MAKS_ANTREAN_PER_PENGGUNA = env.int("LAPORAN_MAKS_ANTREAN_PER_PENGGUNA", default=5)
LAPORAN_SIMPAN_HARI = env.int("LAPORAN_SIMPAN_HARI", default=30)
if LAPORAN_MAKS_ANTREAN_PER_PENGGUNA < 1 or LAPORAN_SIMPAN_HARI < 1:
    raise ImproperlyConfigured(
        "LAPORAN_MAKS_ANTREAN_PER_PENGGUNA dan LAPORAN_SIMPAN_HARI harus bilangan bulat positif "
        "(LAPORAN_MAKS_ANTREAN_PER_PENGGUNA and LAPORAN_SIMPAN_HARI must be positive integers)."
    )

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="kla-metro@localhost")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = _strict_bool("EMAIL_USE_TLS", True)

# Security. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=True.
SECURE_SSL_REDIRECT = _strict_bool("SECURE_SSL_REDIRECT", not DEBUG)
if _strict_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _strict_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = _strict_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# Sessions end after this many seconds without activity. A request renews the session at most once
# per SESSION_RENEW_SECONDS (core.middleware.SessionRenewalMiddleware), so page views only read
# it. They stay in the database, not the cache: with Redis down every page must keep working.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=60 * 60)
SESSION_RENEW_SECONDS = env.int("SESSION_RENEW_SECONDS", default=min(300, SESSION_COOKIE_AGE // 10))
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Login throttling: 5 failures for one username from one address lock it for 15 minutes; the
# password reset link (which also lifts the lock) is the way back.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client address: X-Forwarded-For is read only when the peer is one of TRUSTED_PROXIES (any
# client can write that header), so one address cannot lock a user out for everyone behind the proxy.
TRUSTED_PROXIES = _networks("TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip_get"
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "KLA"
# Password reset e-mails per hour, per address asked for and per client address; past the limit the
# page answers the same and sends nothing (0: no limit).
RESET_BATAS_PER_EMAIL = env.int("RESET_BATAS_PER_EMAIL", default=3)
RESET_BATAS_PER_IP = env.int("RESET_BATAS_PER_IP", default=20)

# Content Security Policy: only the app's own scripts, styles, fonts and images; no inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Master data spreadsheets in the admin (gugus_tugas.resources): every import inside one transaction,
# cells that would start a formula are neutralised in exports.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
