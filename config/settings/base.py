"""Settings shared by every environment, read from environment variables.

Each variable is parsed by environs, which raises a message naming the variable
when its value is malformed (``DEBUG=maybe`` fails at start-up, not later).
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.utils.csp import CSP
from environs import Env, validate

from config.logging import stdout_logging

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = Env()

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "config.apps.ScholarAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "adminsortable2",
    "crispy_forms",
    "crispy_bootstrap5",
    "imagekit",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "profiles",
    "publications",
]

MIDDLEWARE = [
    # First: load balancers probe by IP over plain HTTP (no host check, no HTTPS redirect).
    "config.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached pages for visitors without a session, before the layers they do not need.
    "profiles.cache.EarlyCachedPageMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.dj_db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}", conn_max_age=60
    ),
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    if DATABASES["default"]["NAME"]:
        # The embedded default lives in var/, which a fresh clone does not have yet.
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Every transaction takes SQLite's write lock when it begins, so concurrent writers
    # (two imports, an import and an admin save) wait for each other for up to 20 s
    # instead of failing with "database is locked" half way; see docs/security.md.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when REDIS_URL is set: pages and their version tokens in one place, so a cache hit
# is one round trip. Otherwise pages stay in each process's memory and the version tokens
# in files under CACHE_DIR, which every process on the machine reads: an edit made by a
# command or another server process is seen by the next request (profiles.cache).
REDIS_URL = env.url(
    "REDIS_URL", default=None, schemes=["redis", "rediss", "unix"], require_tld=False
)
CACHE_DIR = env.path("CACHE_DIR", default=VAR_DIR / "cache")
if REDIS_URL:
    REDIS_URL = REDIS_URL.geturl()
    CACHES = {
        "default": {
            "BACKEND": "profiles.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "scholarpage",
        }
    }
    PAGE_VERSIONS_CACHE = "default"
    # Pages served lately also stay in each process's memory, checked against the versions
    # in Redis on every hit (profiles.cache.ProcessPages): a hit fetches tokens, not pages.
    PAGE_MEMORY_BYTES = env.int("PAGE_MEMORY_MB", default=64) * 1024 * 1024
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "scholarpage",
        },
        "page_versions": {
            "BACKEND": "profiles.file_cache.VersionFileCache",
            "LOCATION": CACHE_DIR / "page-versions",
            # One small file per profile and paper; never culled below this.
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        },
    }
    PAGE_VERSIONS_CACHE = "page_versions"
    PAGE_MEMORY_BYTES = 0  # the pages are in this process's memory already

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")

# Uploads are served by the app from MEDIA_ROOT (profiles.media_views) unless MEDIA_URL
# names another origin (https://media.example.org/), which then serves MEDIA_ROOT itself:
# a separate origin keeps even a misserved upload away from the site's cookies and pages.
MEDIA_URL = env.str("MEDIA_URL", default="media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")

# Media on S3-compatible object storage when a bucket is named (profiles.storage).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    # Credentials come from boto3's usual chain (AWS_ACCESS_KEY_ID and
    # AWS_SECRET_ACCESS_KEY, a profile, an instance role); never from this file.
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default=None)
    AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_LOCATION = env.str("AWS_LOCATION", default="")
    # Pages are cached for a day: their media links must not be signed URLs that expire.
    AWS_QUERYSTRING_AUTH = False
    AWS_DEFAULT_ACL = None
    AWS_S3_FILE_OVERWRITE = False
    STORAGES["default"] = {"BACKEND": "profiles.storage.MediaStorage"}
    MEDIA_URL = env.str("MEDIA_URL", default=None) or (
        f"https://{AWS_S3_CUSTOM_DOMAIN}/"
        if AWS_S3_CUSTOM_DOMAIN
        else f"{(AWS_S3_ENDPOINT_URL or 'https://s3.amazonaws.com').rstrip('/')}/"
        f"{AWS_STORAGE_BUCKET_NAME}/"
    ) + (f"{AWS_LOCATION.strip('/')}/" if AWS_LOCATION.strip("/") else "")
# The pages' CSP allows images from there (object storage or a media origin).
_media = urlsplit(MEDIA_URL)
MEDIA_ORIGIN = f"{_media.scheme}://{_media.netloc}" if _media.netloc else None

# Uploads: images are checked again by profiles.images; this bounds the request.
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Thumbnails are generated when first asked for and kept under MEDIA_ROOT/CACHE.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.JustInTime"
# teasers/t1.png -> CACHE/images/teasers/t1.<hash>.webp: the thumbnails of one upload
# folder share a folder (the default makes one per upload, a mkdir per image on export).
IMAGEKIT_SPEC_CACHEFILE_NAMER = "imagekit.cachefiles.namers.source_name_dot_hash"

LOGIN_URL = "admin:login"

AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out login before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one username
# from one address, that pair is locked out for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_MINUTES", default=15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.admin_site.lockout_response"
# Behind N reverse proxies the client's address is the Nth from the right of
# X-Forwarded-For; 0 (no proxy) uses the connection's address.
AXES_IPWARE_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Two-factor authentication (django-otp, TOTP): a staff account with an authenticator
# enters its code at the admin login; with OTP_REQUIRED_FOR_STAFF every staff account must.
OTP_REQUIRED_FOR_STAFF = env.bool("OTP_REQUIRED_FOR_STAFF", default=False)
# The site's name: the directory's top bar and titles (a profile's pages show its name).
SITE_NAME = env.str("SITE_NAME", default="Scholar pages")
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default=SITE_NAME)

# Django 6 built-in CSP: nothing from elsewhere, no inline script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# No page is meant to be framed, by this site or another.
X_FRAME_OPTIONS = "DENY"

# Errors (and warnings) to stdout, where a process manager or container runtime collects
# them. JSON by default: one object per record, a traceback inside its record rather than
# spread over lines, fields a log store indexes without patterns. LOG_FORMAT=text for people.
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
LOG_FORMAT = env.str("LOG_FORMAT", default="json", validate=validate.OneOf(["json", "text"]))
LOGGING = stdout_logging(
    LOG_FORMAT,
    LOG_LEVEL,
    loggers={
        # Django's own default sends errors to the console only with DEBUG and otherwise
        # mails ADMINS (none here): its records go to the root handler instead.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # Its start-up banner and every attempt are INFO; lockouts are warnings.
        "axes": {"level": "WARNING"},
    },
)

# Background work: django.tasks stored in the database (one more table, no other service).
# Workers: ``manage.py worker`` (docs/background-jobs.md); each beats every
# TASK_HEARTBEAT_SECONDS, and a task whose worker fell silent for TASK_LEASE_SECONDS
# is queued again, at most TASK_MAX_ATTEMPTS times in all.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASK_HEARTBEAT_SECONDS = env.float("TASK_HEARTBEAT_SECONDS", default=10)
TASK_LEASE_SECONDS = env.float("TASK_LEASE_SECONDS", default=60)
TASK_MAX_ATTEMPTS = env.int("TASK_MAX_ATTEMPTS", default=3)
# Files jobs produce (site exports); never under MEDIA_ROOT: downloads check who asks.
JOBS_ROOT = env.path("JOBS_ROOT", default=VAR_DIR / "jobs")
# A BibTeX file with more entries than this is imported by a worker, with progress.
BIBTEX_BACKGROUND_ENTRIES = env.int("BIBTEX_BACKGROUND_ENTRIES", default=300)

# Outside services (publications/sources). The contact address goes in the User-Agent
# (and Crossref's mailto), as the services ask; answers are cached for a day.
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="")
HTTP_CACHE_PATH = env.path("HTTP_CACHE_PATH", default=VAR_DIR / "http-cache.sqlite3")
OPENALEX_API_KEY = env.str("OPENALEX_API_KEY", default="")
SEMANTIC_SCHOLAR_API_KEY = env.str("SEMANTIC_SCHOLAR_API_KEY", default="")
# Citation counts: which sources, and how often the worker refreshes them.
CITATION_SOURCES = env.list(
    "CITATION_SOURCES", default=["openalex", "semantic_scholar", "crossref"]
)
CITATION_REFRESH_DAYS = env.float("CITATION_REFRESH_DAYS", default=7)
# Images given as a web address (profiles/remote_images.py) are fetched once; never from
# a private, loopback or link-local address (tests serve theirs on 127.0.0.1).
REMOTE_IMAGE_ALLOW_PRIVATE = False
REMOTE_IMAGE_TIMEOUT_SECONDS = 10
