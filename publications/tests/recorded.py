"""The citation sources answering from their recorded answers (recorded/README.md).

``RecordedSources(http_mock)`` registers, on the test's ``responses`` mock, an answer for
each service's batch endpoint built from the recorded rows of the ids asked for: a
known id gets its recorded row, an unknown one what the service gives for it (left out,
or ``null``). With ``reuse=True`` (the benchmark), an unknown id gets a recorded row
anyway, in turn, as if every paper were one of the recorded ones.
"""

import json
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import responses

RECORDED = Path(__file__).resolve().parent / "recorded"
OPENALEX_URL = "https://api.openalex.org/works"
SEMANTIC_SCHOLAR_URL = "https://api.semanticscholar.org/graph/v1/paper/batch"
CROSSREF_URL = "https://api.crossref.org/works"


def recorded(name):
    path = RECORDED / name
    return json.loads(path.read_text()) if path.suffix == ".json" else path.read_text()


def _query(request):
    return {key: values[0] for key, values in parse_qs(urlsplit(request.url).query).items()}


class RecordedSources:
    def __init__(self, mock, *, reuse=False):
        self.reuse = reuse
        self.calls = Counter()
        self.requests = []
        openalex = recorded("openalex_works.json")
        self.openalex_envelope = {key: value for key, value in openalex.items() if key != "results"}
        self.openalex = {
            work["doi"].removeprefix("https://doi.org/"): work for work in openalex["results"]
        }
        batch = recorded("semantic_scholar_batch.json")
        self.semantic_scholar = {
            paper_id: row
            for paper_id, row in zip(batch["request"]["ids"], batch["response"], strict=True)
            if row is not None
        }
        crossref = recorded("crossref_works.json")
        self.crossref_envelope = crossref
        self.crossref = {item["DOI"].lower(): item for item in crossref["message"]["items"]}
        mock.add_callback(responses.GET, OPENALEX_URL, callback=self._openalex)
        mock.add_callback(responses.POST, SEMANTIC_SCHOLAR_URL, callback=self._semantic_scholar)
        mock.add_callback(responses.GET, CROSSREF_URL, callback=self._crossref)

    def _pick(self, table, key, index, replace=None):
        row = table.get(key)
        if row is None and self.reuse:
            row = list(table.values())[index % len(table)]
            row = {**row, **(replace or {})}
        return row

    def _answer(self, name, request, body):
        self.calls[name] += 1
        self.requests.append((name, request))
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _openalex(self, request):
        dois = _query(request)["filter"].removeprefix("doi:").split("|")
        results = [
            row
            for index, doi in enumerate(dois)
            if (row := self._pick(self.openalex, doi, index, {"doi": f"https://doi.org/{doi}"}))
        ]
        meta = {**self.openalex_envelope["meta"], "count": len(results)}
        return self._answer(
            "openalex", request, {**self.openalex_envelope, "meta": meta, "results": results}
        )

    def _semantic_scholar(self, request):
        ids = json.loads(request.body)["ids"]
        rows = [
            self._pick(self.semantic_scholar, paper_id, index) for index, paper_id in enumerate(ids)
        ]
        return self._answer("semantic_scholar", request, rows)

    def _crossref(self, request):
        dois = [part.removeprefix("doi:") for part in _query(request)["filter"].split(",")]
        items = [
            row
            for index, doi in enumerate(dois)
            if (row := self._pick(self.crossref, doi, index, {"DOI": doi}))
        ]
        message = {**self.crossref_envelope["message"], "items": items, "total-results": len(items)}
        return self._answer("crossref", request, {**self.crossref_envelope, "message": message})


# Papers whose identifiers the recordings know, and what each source says of them.
KNOWN_PAPERS = {
    "peerj": {"doi": "10.7717/peerj.4375", "openalex": 394},
    "school-committees": {"doi": "10.1080/01900692.2016.1201839", "openalex": 6},
    "diff-in-diff": {"doi": "10.2139/ssrn.288970", "semantic_scholar": 10670},
    "microfinance": {"doi": "10.2139/ssrn.2250500", "semantic_scholar": 2185},
    "audits": {"doi": "10.1257/rct.1355", "semantic_scholar": 0},
    "arxiv-only": {"arxiv": "2106.15928", "semantic_scholar": 0},
    "deep-learning": {"doi": "10.1038/nature14539", "crossref": 75795},
    "alphago": {"doi": "10.1038/nature16961", "crossref": 11495},
    "unknown": {"doi": "10.9999/nope.nope"},
}
