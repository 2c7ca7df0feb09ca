"""/healthz: 200 when the database and every cache answer, 503 naming what does not."""

import json

import pytest


@pytest.mark.django_db
def test_healthy_site_answers_200_with_each_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content) == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "cache:page_versions": "ok",
    }


@pytest.mark.django_db
def test_an_unreachable_cache_gives_503_naming_it(client, settings, tmp_path):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "profiles.redis_cache.RedisCache",
            "LOCATION": f"unix://{tmp_path / 'no-redis-here.sock'}",
        },
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "error" and body["database"] == "ok"
    assert body["cache"] == "error: ConnectionError"


def test_an_unreachable_database_gives_503_naming_it(client):
    # No django_db mark: pytest-django refuses every connection, as a dead server would.
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"].startswith("error: ")


@pytest.mark.django_db
def test_the_health_check_ignores_the_host_check_and_needs_no_session(client, settings):
    settings.ALLOWED_HOSTS = ["scholar.example.org"]
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert "Set-Cookie" not in response
