"""Project-wide test fixtures."""

import pytest
import responses


@pytest.fixture(scope="session")
def sqlite_test_database_file():
    """On SQLite, a test database in a file rather than in memory, so that the worker
    processes some tests start (profiles/tests/test_worker_processes.py) open the same
    database. Nothing in it must survive a crash, so writes are not synced to disk."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        settings.VAR_DIR.mkdir(exist_ok=True)
        database["TEST"] = {
            **database.get("TEST", {}),
            "NAME": str(settings.VAR_DIR / "test.sqlite3"),
        }
        database.setdefault("OPTIONS", {})["init_command"] = "PRAGMA synchronous=OFF;"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    sqlite_test_database_file, django_db_modify_db_settings_parallel_suffix
):
    """pytest-django's own, after the file name above (it adds the xdist worker suffix)."""


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    """Every test writes uploads into its own temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def jobs_root(tmp_path, settings):
    """And the files of its background jobs into its own JOBS_ROOT."""
    settings.JOBS_ROOT = tmp_path / "jobs"
    return settings.JOBS_ROOT


@pytest.fixture(autouse=True)
def http_mock():
    """No test reaches the network: the HTTP layer gets only the answers a test registered
    (publications/tests/recorded.py); any other request fails as a lost connection."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """STATIC_ROOT after ``collectstatic`` with production settings (hashed, compressed)."""
    from tests.processes import manage, site_environment

    root = tmp_path_factory.mktemp("static")
    environment = site_environment(
        DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY="x" * 50, STATIC_ROOT=root
    )
    result = manage(environment, "collectstatic", "--noinput", timeout=300)
    assert result.returncode == 0, result.stderr
    return root
