"""Tests that only mean something on PostgreSQL (query plans, its indexes).

They exist only in a PostgreSQL run: on SQLite they are not collected (rather than
skipped), like the PostgreSQL variant of ``tests/security/test_concurrency.py``.
"""

from django.conf import settings

if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
    collect_ignore_glob = ["test_*.py"]
