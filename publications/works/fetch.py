"""Ask the sources about a list of identifiers: one batch per source, each failure one
line naming the identifier and the source.

DOIs go to Crossref; arXiv ids to arXiv; an ORCID iD to ORCID for its works, then each
work's DOI to Crossref for the authors in order (ORCID's summaries carry none), and
ORCID's own whole works for those Crossref does not have.
"""

from collections import Counter
from dataclasses import dataclass, field

from publications.sources import arxiv, crossref, orcid
from publications.sources.http import HttpClient, SourceError

from .records import source_doi


@dataclass
class Fetched:
    records: list = field(default_factory=list)  # {"source", "asked", item/entry/work}
    failures: list = field(default_factory=list)  # (identifier, one-line reason)
    found: Counter = field(default_factory=Counter)  # source → works found there
    waited: float = 0.0  # seconds slept on the sources' Retry-After and backoff

    def as_json(self):
        return {"records": self.records, "failures": [list(pair) for pair in self.failures]}

    @classmethod
    def from_json(cls, value):
        return cls(records=value["records"], failures=[tuple(pair) for pair in value["failures"]])

    def report(self):
        """Per-source counts and what was not found, in one line."""
        found = ", ".join(
            f"{count} from {name}"
            for name, count in sorted(self.found.items(), key=lambda pair: pair[0].casefold())
        )
        waited = f" Waited {self.waited:.0f} s as the sources asked." if self.waited >= 1 else ""
        return (
            f"{len(self.records)} works ({found or 'none'}); {len(self.failures)} not found."
            + waited
        )


def fetch(identifiers, *, progress=None):
    """``Fetched`` for ``identifiers`` (``Identifier``), records in the order asked.
    ``progress(done, total)`` hears how many works of an ORCID record are read."""
    result = Fetched()
    dois = [item.value for item in identifiers if item.kind == "doi"]
    arxiv_ids = [item.value for item in identifiers if item.kind == "arxiv"]
    orcids = [item for item in identifiers if item.kind == "orcid"]
    with HttpClient(crossref.CROSSREF) as crossref_client:
        by_doi = crossref.works(crossref_client, dois) if dois else {}
        by_arxiv = {}
        if arxiv_ids:
            with HttpClient(arxiv.ARXIV) as arxiv_client:
                by_arxiv = arxiv.entries(arxiv_client, arxiv_ids)
                result.waited += arxiv_client.waited
        orcid_records = {}
        if orcids:
            with HttpClient(orcid.ORCID) as orcid_client:
                for item in orcids:
                    orcid_records[item.value] = _orcid_works(
                        item.value, orcid_client, crossref_client, result, progress
                    )
                result.waited += orcid_client.waited
        result.waited += crossref_client.waited
    for item in identifiers:
        if item.kind == "doi":
            answer = by_doi.get(item.value.lower())
            _keep(result, item, answer, "crossref", "item", "Crossref")
        elif item.kind == "arxiv":
            _keep(result, item, by_arxiv.get(item.value), "arxiv", "entry", "arXiv")
        else:
            answer = orcid_records[item.value]
            if isinstance(answer, list):
                result.records += answer
            else:
                result.failures.append((item.asked, _reason(answer, "ORCID")))
    return result


def _keep(result, item, answer, source, key, name):
    if isinstance(answer, dict):
        result.records.append({"source": source, "asked": item.label, key: answer})
        result.found[name] += 1
    else:
        result.failures.append((item.asked, _reason(answer, name)))


def _reason(answer, name):
    if isinstance(answer, SourceError):
        return str(answer)
    return f"not found at {name}"


def _orcid_works(orcid_id, orcid_client, crossref_client, result, progress=None):
    """The record's works as records (Crossref's where it has the DOI, else ORCID's whole
    work); None or a SourceError when the record itself cannot be read. ``progress``
    hears of the works as they are read (the background job's progress bar)."""
    try:
        summaries = orcid.work_summaries(orcid_client, orcid_id)
    except SourceError as error:
        return error
    if summaries is None:
        return None
    dois = {}
    for summary in summaries:
        for external in (summary.get("external-ids") or {}).get("external-id") or []:
            if (external.get("external-id-type") or "").casefold() == "doi":
                doi = source_doi(external.get("external-id-value"))
                if doi:
                    dois[summary["put-code"]] = doi
                    break
    if progress:
        progress(0, len(summaries))
    by_doi = crossref.works(crossref_client, list(dict.fromkeys(dois.values()))) if dois else {}
    records, missing = [], []
    for summary in summaries:
        asked = f"{orcid_id}/work/{summary['put-code']}"
        item = by_doi.get(dois.get(summary["put-code"], "").lower())
        if isinstance(item, dict):
            records.append({"source": "crossref", "asked": asked, "item": item})
            result.found["Crossref"] += 1
        else:
            missing.append(summary)
    if progress:
        progress(len(records), len(summaries))
    whole = {}
    if missing:
        try:
            whole = orcid.full_works(orcid_client, orcid_id, [s["put-code"] for s in missing])
        except SourceError as error:
            result.failures.append((orcid_id, f"{error} (whole works)"))
    for summary in missing:
        asked = f"{orcid_id}/work/{summary['put-code']}"
        work = whole.get(int(summary["put-code"]), summary)
        records.append({"source": "orcid", "asked": asked, "work": work})
        result.found["ORCID"] += 1
    # Keep ORCID's order (newest first, as the record shows them).
    order = {f"{orcid_id}/work/{s['put-code']}": index for index, s in enumerate(summaries)}
    records.sort(key=lambda record: order[record["asked"]])
    return records
