"""The shared HTTP layer and the three citation sources, on recorded answers."""

import json

import pytest
import requests

from publications.sources import crossref, openalex, semantic_scholar
from publications.sources import http as source_http
from publications.sources.counts import PaperIds
from publications.sources.http import HttpClient, SourceError

from .recorded import CROSSREF_URL, OPENALEX_URL, SEMANTIC_SCHOLAR_URL, RecordedSources, recorded


@pytest.fixture
def waits(monkeypatch):
    """The pauses the layer takes between attempts, recorded instead of slept."""
    taken = []
    monkeypatch.setattr(source_http, "sleep", taken.append)
    return taken


def paper(pk, doi="", arxiv=""):
    return PaperIds(pk, doi, arxiv)


def counts(module, service, papers):
    with HttpClient(service) as client:
        return list(module.citation_counts(client, papers))


def test_user_agent_names_the_site_and_its_contact(http_mock, settings):
    settings.CONTACT_EMAIL = "webmaster@lab.example.org"
    http_mock.get(OPENALEX_URL, json=recorded("openalex_works.json"))
    counts(openalex, openalex.OPENALEX, [paper(1, "10.7717/peerj.4375")])
    agent = http_mock.calls[0].request.headers["User-Agent"]
    assert agent.startswith("ScholarPages/")
    assert "mailto:webmaster@lab.example.org" in agent


def test_rate_limited_answer_is_retried_after_the_time_it_asks(http_mock, waits):
    http_mock.post(
        SEMANTIC_SCHOLAR_URL,
        status=429,
        json=recorded("semantic_scholar_429.json"),
        headers={"Retry-After": "7"},
    )
    http_mock.post(SEMANTIC_SCHOLAR_URL, json=[{"paperId": "x", "citationCount": 12}])

    [(_, found)] = counts(semantic_scholar, semantic_scholar.SEMANTIC_SCHOLAR, [paper(1, "10.1/a")])

    assert waits == [7.0]
    assert found[1].count == 12


def test_without_retry_after_the_waits_back_off(http_mock, waits):
    for _ in range(3):
        http_mock.post(SEMANTIC_SCHOLAR_URL, status=429, json=recorded("semantic_scholar_429.json"))
    http_mock.post(SEMANTIC_SCHOLAR_URL, json=[None])
    counts(semantic_scholar, semantic_scholar.SEMANTIC_SCHOLAR, [paper(1, "10.1/a")])
    assert waits == [1.0, 2.0, 4.0]


def test_a_long_retry_after_is_not_waited_for_and_says_so(http_mock, waits):
    http_mock.get(OPENALEX_URL, status=429, headers={"Retry-After": "3600"})
    [(_, error)] = counts(openalex, openalex.OPENALEX, [paper(1, "10.1/a")])
    assert isinstance(error, SourceError)
    assert str(error) == (
        "OpenAlex: rate limited (HTTP 429); it asks to wait 3600 s, tried again on the next "
        "refresh."
    )
    assert waits == []


def test_still_rate_limited_after_every_try_is_one_line(http_mock, waits):
    http_mock.post(SEMANTIC_SCHOLAR_URL, status=429, json=recorded("semantic_scholar_429.json"))
    [(_, error)] = counts(semantic_scholar, semantic_scholar.SEMANTIC_SCHOLAR, [paper(1, "10.1/a")])
    assert str(error) == "Semantic Scholar: rate limited (HTTP 429) after 4 tries."
    assert len(http_mock.calls) == 4


def test_server_errors_are_retried_then_reported(http_mock, waits):
    http_mock.get(CROSSREF_URL, status=503, body="<html>Service Unavailable</html>")
    [(_, error)] = counts(crossref, crossref.CROSSREF, [paper(1, "10.1/a")])
    assert str(error) == "Crossref: server error (HTTP 503) after 4 tries."
    assert waits == [1.0, 2.0, 4.0]


def test_a_timeout_is_retried_then_reported(http_mock, waits):
    http_mock.get(OPENALEX_URL, body=requests.Timeout("read timed out"))
    [(_, error)] = counts(openalex, openalex.OPENALEX, [paper(1, "10.1/a")])
    assert str(error) == "OpenAlex: no answer within 30 s (4 tries)."
    assert len(waits) == 3


def test_no_connection_is_one_line(http_mock, waits):
    # Nothing registered: the request goes nowhere, as without a network.
    [(_, error)] = counts(crossref, crossref.CROSSREF, [paper(1, "10.1/a")])
    assert str(error).startswith("Crossref: cannot connect (")
    assert "\n" not in str(error)


def test_an_answer_that_is_not_json_is_one_line(http_mock):
    http_mock.get(
        OPENALEX_URL, body="<!doctype html><title>Maintenance</title>", content_type="text/html"
    )
    [(_, error)] = counts(openalex, openalex.OPENALEX, [paper(1, "10.1/a")])
    assert str(error) == "OpenAlex: the answer was not JSON (text/html)."


def test_json_of_an_unexpected_shape_is_one_line(http_mock):
    http_mock.post(SEMANTIC_SCHOLAR_URL, json={"data": []})
    [(_, error)] = counts(semantic_scholar, semantic_scholar.SEMANTIC_SCHOLAR, [paper(1, "10.1/a")])
    assert str(error) == "Semantic Scholar: an answer of unexpected shape (not one row per id)."


@pytest.mark.parametrize(
    ("module", "url", "body", "expected"),
    [
        (
            openalex,
            OPENALEX_URL,
            "openalex_400.json",
            "OpenAlex: refused the request (HTTP 400: nonsense_field is not a valid field. Valid "
            "fields are ...).",
        ),
        (
            crossref,
            CROSSREF_URL,
            "crossref_400.json",
            "Crossref: refused the request (HTTP 400: Integer specified as notanumber but must "
            "be a positive integer less than or equal to 1000.).",
        ),
    ],
)
def test_a_refused_request_gives_the_services_reason(http_mock, module, url, body, expected):
    http_mock.get(url, status=400, json=recorded(body))
    service = getattr(module, module.__name__.rsplit(".", 1)[-1].upper())
    [(_, error)] = counts(module, service, [paper(1, "10.1/a")])
    assert str(error) == expected


def test_a_plain_text_404_is_a_missing_resource(http_mock):
    http_mock.get(
        f"{CROSSREF_URL}/10.9999/nope.nope", status=404, body=recorded("crossref_404.txt")
    )
    with HttpClient(crossref.CROSSREF) as client:
        assert client.get_json("/works/10.9999/nope.nope", missing_ok=True) is None
        with pytest.raises(SourceError, match=r"HTTP 404: Resource not found\."):
            client.get_json("/works/10.9999/nope.nope")


def test_answers_are_cached_for_a_day(http_mock, settings, tmp_path):
    settings.HTTP_CACHE_PATH = tmp_path / "not-yet" / "http-cache.sqlite3"
    http_mock.get(OPENALEX_URL, json=recorded("openalex_works.json"))
    papers = [paper(1, "10.7717/peerj.4375")]
    first = counts(openalex, openalex.OPENALEX, papers)
    again = counts(openalex, openalex.OPENALEX, papers)
    assert first == again
    assert len(http_mock.calls) == 1


def test_openalex_asks_fifty_dois_at_a_time_and_matches_them_back(http_mock, settings):
    settings.OPENALEX_API_KEY = "key-123"
    sources = RecordedSources(http_mock)
    papers = [paper(1, "10.7717/PeerJ.4375"), paper(2, arxiv="2106.15928")]
    papers += [paper(10 + index, f"10.5555/other.{index}") for index in range(60)]

    result = counts(openalex, openalex.OPENALEX, papers)

    assert sources.calls["openalex"] == 2
    first = _query(http_mock.calls[0].request)
    assert first["filter"].startswith("doi:10.7717/peerj.4375|10.48550/arxiv.2106.15928|")
    assert first["filter"].count("|") == 49
    assert first["api_key"] == "key-123"
    found = {pk: counted for _, batch in result for pk, counted in batch.items()}
    assert set(found) == {1}
    assert found[1].count == 394
    assert found[1].by_year[2020] == 126


def test_semantic_scholar_answers_in_order_with_null_for_unknown_ids(http_mock, settings):
    settings.SEMANTIC_SCHOLAR_API_KEY = "s2-key"
    RecordedSources(http_mock)
    papers = [
        paper(1, "10.9999/nope.nope"),
        paper(2, "10.2139/ssrn.288970"),
        paper(3, arxiv="2106.15928"),
    ]

    [(_, found)] = counts(semantic_scholar, semantic_scholar.SEMANTIC_SCHOLAR, papers)

    request = http_mock.calls[0].request
    assert json.loads(request.body) == {
        "ids": ["DOI:10.9999/nope.nope", "DOI:10.2139/ssrn.288970", "ARXIV:2106.15928"]
    }
    assert request.headers["x-api-key"] == "s2-key"
    assert {pk: counted.count for pk, counted in found.items()} == {2: 10670, 3: 0}


def test_crossref_skips_arxiv_ids_and_asks_with_or_filters(http_mock, settings):
    settings.CONTACT_EMAIL = "webmaster@lab.example.org"
    RecordedSources(http_mock)
    papers = [
        paper(1, "10.1038/nature14539"),
        paper(2, "10.1038/nature16961"),
        paper(3, arxiv="2106.15928"),
        paper(4, "10.9999/nope.nope"),
    ]

    [(batch, found)] = counts(crossref, crossref.CROSSREF, papers)

    query = _query(http_mock.calls[0].request)
    assert (
        query["filter"] == "doi:10.1038/nature14539,doi:10.1038/nature16961,doi:10.9999/nope.nope"
    )
    assert query["select"] == "DOI,is-referenced-by-count"
    assert query["mailto"] == "webmaster@lab.example.org"
    assert [item.pk for item in batch] == [1, 2, 4]
    assert {pk: counted.count for pk, counted in found.items()} == {1: 75795, 2: 11495}


def test_one_failed_batch_leaves_the_others(http_mock, waits):
    http_mock.get(OPENALEX_URL, json={"meta": {}, "results": []})
    http_mock.get(OPENALEX_URL, status=400, json=recorded("openalex_400.json"))
    papers = [paper(index, f"10.5555/x.{index}") for index in range(80)]
    result = counts(openalex, openalex.OPENALEX, papers)
    assert [type(outcome) for _, outcome in result] == [dict, SourceError]


def _query(request):
    from urllib.parse import parse_qs, urlsplit

    return {key: values[0] for key, values in parse_qs(urlsplit(request.url).query).items()}


@pytest.mark.parametrize("value", ["Wed, 21 Oct 2015 07:28:00 GMT", "soon", ""])
def test_retry_after_as_a_date_in_the_past_or_unreadable_means_no_wait_asked(value):
    answer = requests.Response()
    answer.headers["Retry-After"] = value
    assert source_http._retry_after(answer) in (0.0, None)
