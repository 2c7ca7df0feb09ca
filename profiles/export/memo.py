"""Rewritten pages remembered by what they were made from, for the next export.

A page's exported bytes depend only on its rendered bytes, its place in the export
and the export's plan (which pages it holds, under which names, for which base URL),
and on the code that rewrites them. The key is a hash of all of these, so an entry
can never be stale: an edit changes the rendered page, a new paper changes the plan,
a new release changes the code. Exporting again after a small edit then rewrites
only the pages the edit changed; the others come from the cache, like the live
pages they were made from.
"""

import hashlib
from pathlib import Path

from django.core.cache import cache

from profiles.cache import PAGE_SECONDS

# The modules whose code decides what a rewritten page holds (the JSON-LD is written
# again by structured_data's serialiser).
_CODE = hashlib.sha256(
    b"".join(
        (Path(__file__).parent / name).read_bytes()
        for name in ("exporter.py", "plan.py", "rewrite.py", "../structured_data.py")
    )
).hexdigest()


class RewriteMemo:
    def __init__(self, plan):
        self.plan = plan
        self._plan_digest = None

    def _plan(self):
        # Computed once the plan is complete: the first page is exported after planning.
        if self._plan_digest is None:
            self._plan_digest = f"{_CODE}:{self.plan.digest()}"
        return self._plan_digest

    def key(self, file_path, content):
        digest = hashlib.sha256(f"{self._plan()}\n{file_path}\n".encode())
        digest.update(content)
        return f"export:{digest.hexdigest()}"

    def get(self, key):
        """(exported bytes, [asset paths it refers to]) or None."""
        return cache.get(key)

    def set(self, key, value):
        cache.set(key, value, PAGE_SECONDS)
