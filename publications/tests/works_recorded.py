"""The sources of the import by identifier answering from their recorded answers
(recorded/README.md): Crossref's work records, arXiv's Atom entries and an ORCID record
with its whole works, served through the test's ``responses`` mock.

A known identifier gets its recorded answer; an unknown one what the service gives for
it (Crossref leaves it out of a filtered list or answers 404; arXiv leaves it out of the
feed; ORCID answers 404). With ``reuse=True`` (the benchmark), an unknown DOI or arXiv
id gets a recorded record in turn, under its own identifier and a title of its own.
"""

import json
import re
from collections import Counter
from itertools import cycle
from urllib.parse import parse_qs, unquote, urlsplit

import responses

from .recorded import RECORDED, recorded

CROSSREF_WORKS = re.compile(r"^https://api\.crossref\.org/works(?:/.+)?(?:\?.*)?$")
ARXIV_QUERY = "https://export.arxiv.org/api/query"
ORCID_WORKS = re.compile(r"^https://pub\.orcid\.org/v3\.0/([\dX-]+)/works(?:/([\d,]+))?$")
ORCID_ID = "0000-0003-2888-1770"
_ENTRY = re.compile(r"<entry\b.*?</entry>", re.S)
_DOI = re.compile(r"<arxiv:doi\b.*?</arxiv:doi>", re.S)
_ENTRY_ID = re.compile(r"/abs/([^<]+?)(?:v\d+)?</id>")


def _query(request):
    return {key: values[0] for key, values in parse_qs(urlsplit(request.url).query).items()}


class RecordedWorks:
    def __init__(self, mock, *, reuse=False):
        self.reuse = reuse
        self.calls = Counter()
        crossref = recorded("crossref_work_records.json")
        self.crossref_envelope = crossref
        self.crossref = {item["DOI"].lower(): item for item in crossref["message"]["items"]}
        self._spare_items = cycle(list(self.crossref.values()))
        feed = (RECORDED / "arxiv_entries.xml").read_text()
        self.arxiv_head = feed[: feed.index("<entry")]
        self.arxiv = {_ENTRY_ID.search(block).group(1): block for block in _ENTRY.findall(feed)}
        self._spare_entries = cycle(list(self.arxiv.items()))
        self.orcid_summaries = recorded("orcid_works.json")
        self.orcid_works = {
            item["work"]["put-code"]: item for item in recorded("orcid_bulk_works.json")["bulk"]
        }
        mock.add_callback(responses.GET, CROSSREF_WORKS, callback=self._crossref)
        mock.add_callback(responses.GET, ARXIV_QUERY, callback=self._arxiv)
        mock.add_callback(responses.GET, ORCID_WORKS, callback=self._orcid)

    def _item(self, doi):
        item = self.crossref.get(doi.lower())
        if item is None and self.reuse:
            spare = next(self._spare_items)
            item = {**spare, "DOI": doi, "title": [f"{spare['title'][0] or 'Untitled'} ({doi})"]}
        return item

    def _crossref(self, request):
        self.calls["crossref"] += 1
        path = urlsplit(request.url).path
        if path != "/works":
            item = self._item(unquote(path.removeprefix("/works/")))
            if item is None:
                return (
                    404,
                    {"Content-Type": "text/plain"},
                    (RECORDED / "crossref_404.txt").read_text(),
                )
            body = {
                "status": "ok",
                "message-type": "work",
                "message-version": "1.0.0",
                "message": item,
            }
            return 200, {"Content-Type": "application/json"}, json.dumps(body)
        dois = [part.removeprefix("doi:") for part in _query(request)["filter"].split(",")]
        items = [item for doi in dois if (item := self._item(doi))]
        message = {**self.crossref_envelope["message"], "items": items, "total-results": len(items)}
        body = {**self.crossref_envelope, "message": message}
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _entry(self, arxiv_id):
        block = self.arxiv.get(arxiv_id)
        if block is None and self.reuse:
            spare_id, spare = next(self._spare_entries)
            block = spare.replace(f"/abs/{spare_id}", f"/abs/{arxiv_id}").replace(
                "</title>", f" ({arxiv_id})</title>", 1
            )
            block = _DOI.sub("", block)  # a copy is not the published paper of the original
        return block

    def _arxiv(self, request):
        self.calls["arxiv"] += 1
        ids = _query(request)["id_list"].split(",")
        entries = "\n".join(block for arxiv_id in ids if (block := self._entry(arxiv_id)))
        feed = f"{self.arxiv_head}{entries}\n</feed>\n"
        return 200, {"Content-Type": "application/atom+xml; charset=UTF-8"}, feed

    def _orcid(self, request):
        self.calls["orcid"] += 1
        orcid, codes = ORCID_WORKS.match(request.url).groups()
        if orcid != ORCID_ID:
            body = {
                "response-code": 404,
                "developer-message": f"404 Not Found: ORCID iD {orcid} not found",
                "user-message": "The resource was not found.",
                "error-code": 9016,
            }
            return 404, {"Content-Type": "application/json"}, json.dumps(body)
        if codes is None:
            return 200, {"Content-Type": "application/json"}, json.dumps(self.orcid_summaries)
        bulk = [
            self.orcid_works.get(int(code))
            or {"error": {"response-code": 404, "user-message": "The resource was not found."}}
            for code in codes.split(",")
        ]
        return 200, {"Content-Type": "application/json"}, json.dumps({"bulk": bulk})
