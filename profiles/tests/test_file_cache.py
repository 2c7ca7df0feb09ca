"""The embedded default's page versions (profiles.file_cache): a write does not list the
whole folder, and the folder is still kept near its size limit."""

from profiles.file_cache import VersionFileCache


def test_writes_list_the_folder_once_in_cull_every_and_still_cull(tmp_path, monkeypatch):
    cache = VersionFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10}})
    monkeypatch.setattr(VersionFileCache, "CULL_EVERY", 5)
    listings = []
    original = VersionFileCache._list_cache_files
    monkeypatch.setattr(
        VersionFileCache,
        "_list_cache_files",
        lambda self: listings.append(1) or original(self),
    )
    for number in range(40):
        cache.set(f"pagever:paper:{number}", "token", None)
    assert len(listings) == 8  # one in five writes, not every write
    files = list(tmp_path.glob("*.djcache"))
    assert 0 < len(files) <= 10 + 5
    assert cache.get("pagever:paper:39") == "token"
