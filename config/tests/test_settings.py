"""Settings come from the environment and fail loudly, naming the bad variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_settings(module, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}
    }
    environment.update(env)
    code = (
        f"import json, django.conf as c; from {module} import *;"
        "print(json.dumps({'debug': DEBUG, 'hosts': ALLOWED_HOSTS,"
        " 'engine': DATABASES['default']['ENGINE'], 'cache': CACHES['default']['BACKEND'],"
        " 'media': str(MEDIA_ROOT)}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [("DEBUG", "maybe"), ("DATABASE_URL", "nonsense://x"), ("REDIS_URL", "ftp://cache")],
)
def test_a_malformed_variable_fails_at_startup_naming_it(variable, value):
    result = load_settings("config.settings.local", **{variable: value})
    assert result.returncode != 0
    assert f'Environment variable "{variable}" invalid' in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings("config.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_local_defaults_are_sqlite_under_var_and_memory_cache():
    result = load_settings("config.settings.local")
    assert result.returncode == 0, result.stderr
    assert '"engine": "django.db.backends.sqlite3"' in result.stdout
    assert "LocMemCache" in result.stdout
    assert '"debug": true' in result.stdout


def test_environment_configures_database_cache_hosts_and_media(tmp_path):
    result = load_settings(
        "config.settings.production",
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
        REDIS_URL="redis://127.0.0.1:6379/1",
        ALLOWED_HOSTS="scholar.example.org,www.scholar.example.org",
        MEDIA_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout
    assert "RedisCache" in result.stdout
    assert '"debug": false' in result.stdout
    assert '["scholar.example.org", "www.scholar.example.org"]' in result.stdout
    assert str(tmp_path) in result.stdout


def test_redis_cache_backend_stores_and_reads_values(settings):
    """The backend chosen for REDIS_URL works against the real local Redis."""
    from django.core.cache import caches

    settings.CACHES = {
        "default": settings.CACHES["default"],
        "redis": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/2",
            "KEY_PREFIX": f"settings-test-{os.getpid()}",
        },
    }
    cache = caches["redis"]
    cache.set("greeting", "hello", 30)
    assert cache.get("greeting") == "hello"
    cache.delete("greeting")


def test_the_sqlite_folder_is_created_on_a_fresh_checkout(tmp_path):
    database = tmp_path / "not-yet" / "db.sqlite3"
    result = load_settings("config.settings.local", DATABASE_URL=f"sqlite:///{database}")
    assert result.returncode == 0, result.stderr
    assert database.parent.is_dir()


def run_check_deploy(**variables):
    from tests.processes import manage, site_environment

    environment = site_environment(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="a-long-random-production-secret-" + "Zq8x" * 10,
        **variables,
    )
    return manage(environment, "check", "--deploy", "--fail-level", "WARNING")


def test_check_deploy_finds_nothing_with_production_defaults():
    result = run_check_deploy()
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_when_https_settings_are_turned_off():
    result = run_check_deploy(SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W008" in result.stderr and "security.W004" in result.stderr


def test_object_storage_gives_media_its_url_and_the_csp_its_origin():
    code = (
        "from config.settings.production import *; "
        "print(MEDIA_URL, STORAGES['default']['BACKEND'], SECURE_CSP['img-src'][-1])"
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"MEDIA_URL", "AWS_STORAGE_BUCKET_NAME", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        SECRET_KEY="x" * 50,
        AWS_STORAGE_BUCKET_NAME="scholar",
        AWS_S3_ENDPOINT_URL="https://objects.example.org",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True,
        text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "https://objects.example.org/scholar/",
        "profiles.storage.MediaStorage",
        "https://objects.example.org",
    ]
