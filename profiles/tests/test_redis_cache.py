"""With Redis (REDIS_URL), a cached page costs one round trip and builds no client.

A Redis server of the test's own runs on a Unix socket in a temporary folder.
"""

import pickle
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


@pytest.fixture(params=[64 * 1024 * 1024, 0], ids=["pages-in-memory-too", "pages-in-redis"])
def redis_cache(redis_socket, settings, request):
    """The site's caches as REDIS_URL sets them: one Redis for pages and versions, and
    (by default) the pages served lately in the process's memory as well."""
    settings.CACHES = {
        "default": {
            "BACKEND": "profiles.redis_cache.RedisCache",
            "LOCATION": f"unix://{redis_socket}",
            "KEY_PREFIX": "test",
        }
    }
    settings.PAGE_VERSIONS_CACHE = "default"
    settings.PAGE_MEMORY_BYTES = request.param
    server = redis.Redis(unix_socket_path=str(redis_socket))
    server.flushdb()
    return server


def commands(server):
    return {
        name.removeprefix("cmdstat_"): stats["calls"]
        for name, stats in server.info("commandstats").items()
    }


def test_a_cache_hit_is_one_mget_and_builds_no_client(client, redis_cache, monkeypatch, settings):
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
    # Kept in memory, a page is not fetched again: the hits read only the version tokens.
    sent = redis_cache.info("stats")["total_net_output_bytes"]
    client.get(profile.get_absolute_url())
    page_size = len(client.get(profile.get_absolute_url()).content)
    sent = redis_cache.info("stats")["total_net_output_bytes"] - sent
    assert (sent < page_size) == bool(settings.PAGE_MEMORY_BYTES)


def test_a_page_kept_in_memory_is_not_served_once_another_process_edits(client, redis_cache):
    profile = ProfileFactory(headline="Ph.D. student")
    url = profile.get_absolute_url()
    client.get(url)
    Profile.objects.filter(pk=profile.pk).update(headline="Professor")
    # Another process's edit reaches this one only through the version tokens in Redis.
    for key in redis_cache.scan_iter("*pagever:profile:*"):
        redis_cache.set(key, pickle.dumps("a-token-set-elsewhere"))
    assert "Professor" in client.get(url).content.decode()


def test_an_edit_reaches_the_page_cached_in_redis(client, redis_cache):
    profile = ProfileFactory(headline="Ph.D. student")
    url = profile.get_absolute_url()
    client.get(url)
    Profile.objects.filter(pk=profile.pk).update(headline="Professor")
    assert "Ph.D. student" in client.get(url).content.decode()
    profile.refresh_from_db()
    profile.save()
    assert "Professor" in client.get(url).content.decode()
