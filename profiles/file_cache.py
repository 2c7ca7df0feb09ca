"""The embedded default's page versions: Django's file cache without a cull per write.

Django's ``FileBasedCache`` lists its whole folder on every write to decide whether to
cull. The page versions keep one small file per profile and paper, so on a large site
each write (a paper's first view, every edit) cost time in proportion to the site:
72 ms a write at 37,000 files, which made a 200-profile site export take half an hour.
Here a process checks once every ``CULL_EVERY`` writes; the folder may then exceed
``MAX_ENTRIES`` by at most that many files per process until the next check.
"""

from django.core.cache.backends.filebased import FileBasedCache


class VersionFileCache(FileBasedCache):
    CULL_EVERY = 1000

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._writes = 0

    def _cull(self):
        self._writes += 1
        if self._writes % self.CULL_EVERY == 0:
            super()._cull()
