"""Project-wide test fixtures."""

import pytest


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    """Every test writes uploads into its own temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
