"""With Redis (REDIS_URL), a cached page costs one round trip and builds no client.

A Redis server of the test's own runs on a Unix socket in a temporary folder.
"""

import subprocess
import time

import pytest
import redis

from profiles.models import Profile
from profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def redis_socket(tmp_path_factory):
    folder = tmp_path_factory.mktemp("redis")
    socket = folder / "redis.sock"
    process = subprocess.Popen(
        ["redis-server", "--port", "0", "--unixsocket", str(socket), "--save", "",
         "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while not socket.exists():
        assert process.poll() is None and time.monotonic() < deadline, "redis-server failed"
        time.sleep(0.05)
    yield socket
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def redis_cache(redis_socket, settings):
    """The site's caches as REDIS_URL sets them: one Redis for pages and versions."""
    settings.CACHES = {
        "default": {
            "BACKEND": "profiles.redis_cache.RedisCache",
            "LOCATION": f"unix://{redis_socket}",
            "KEY_PREFIX": "test",
        }
    }
    settings.PAGE_VERSIONS_CACHE = "default"
    server = redis.Redis(unix_socket_path=str(redis_socket))
    server.flushdb()
    return server


def commands(server):
    return {
        name.removeprefix("cmdstat_"): stats["calls"]
        for name, stats in server.info("commandstats").items()
    }


def test_a_cache_hit_is_one_mget_and_builds_no_client(client, redis_cache, monkeypatch):
    profile = ProfileFactory(headline="Ph.D. student")
    assert "Ph.D. student" in client.get(profile.get_absolute_url()).content.decode()
    built = []
    original = redis.Redis.__init__

    def counting_init(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting_init)
    redis_cache.config_resetstat()
    for _ in range(5):
        response = client.get(profile.get_absolute_url())
        assert "Ph.D. student" in response.content.decode()
    assert commands(redis_cache) == {"mget": 5, "config|resetstat": 1}
    assert built == []


def test_an_edit_reaches_the_page_cached_in_redis(client, redis_cache):
    profile = ProfileFactory(headline="Ph.D. student")
    url = profile.get_absolute_url()
    client.get(url)
    Profile.objects.filter(pk=profile.pk).update(headline="Professor")
    assert "Ph.D. student" in client.get(url).content.decode()
    profile.refresh_from_db()
    profile.save()
    assert "Professor" in client.get(url).content.decode()
