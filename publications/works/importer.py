"""Import works fetched by identifier: the BibTeX importer's plan and write, so the same
merge, duplicate and permission rules hold, all or nothing.

``preview_works`` plans without writing; identifiers not found (or refused by their
source) are error rows naming the identifier and the source. ``apply_works`` plans
again inside the import's transaction and writes: the sources are not asked again, the
records the preview showed are imported.
"""

from publications.bibtex.importer import ImportPlan, Row, RowStatus, apply_plan, plan_entries

from .records import entry_for


def _plan(profile, fetched, resolutions):
    entries = [entry_for(record, line) for line, record in enumerate(fetched.records, start=1)]
    failed = [
        Row(line=len(entries) + index, key=asked, status=RowStatus.ERROR, reason=reason)
        for index, (asked, reason) in enumerate(fetched.failures, start=1)
    ]
    return plan_entries(profile, entries, resolutions=resolutions, rows=failed)


def preview_works(profile, fetched, *, resolutions=None) -> ImportPlan:
    return _plan(profile, fetched, resolutions)


def apply_works(profile, fetched, *, resolutions=None) -> ImportPlan:
    return apply_plan(profile, lambda: _plan(profile, fetched, resolutions))
