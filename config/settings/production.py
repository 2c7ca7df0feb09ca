"""Production: refuses to start without a real SECRET_KEY; HTTPS-only by default.

Behind a reverse proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER to the header the
proxy sets (``X-Forwarded-Proto``): only then does Django believe a request came over HTTPS.
It is opt-in because a client could send that header itself where no proxy replaces it.
"""

from .base import *  # noqa: F403
from .base import SECRET_KEY, STORAGES, env

if not SECRET_KEY:
    # One line, not a traceback: the message is all an operator needs.
    raise SystemExit(
        "Configuration error: SECRET_KEY is not set: production refuses to start without it."
    )

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The health check answers over plain HTTP (probes come from inside the network).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
_proxy_header = env.str("SECURE_PROXY_SSL_HEADER", default="")
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
# The https:// origins forms are posted from when they differ from the Host (a proxy).
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# collectstatic writes hashed names and .gz/.br copies; whitenoise serves them with
# far-future cache headers, so no front server is needed for /static/.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
