"""Import by identifier: DOIs, arXiv ids and an ORCID iD, from recorded answers, through
the command and the page, by the BibTeX importer's rules."""

import json

import pytest
import requests
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command

from profiles.tests.factories import ProfileFactory, UserFactory
from publications.models import Authorship, ProfilePublication, Publication, WorksPreview
from publications.sources import http as source_http
from publications.tests.factories import make_publication
from publications.works.fetch import fetch
from publications.works.identifiers import IdentifierError, read_identifier, read_identifiers

from .works_recorded import ORCID_ID, RecordedWorks

pytestmark = pytest.mark.django_db

URL = "/me/works/"
# Twenty identifiers in every form people paste them: 16 DOIs at Crossref, 4 arXiv ids.
MIXED = [
    "10.22175/mmb2017.10.0050",
    "doi:10.1007/978-3-662-26787-5_53",
    "https://doi.org/10.7203/creativity.1.12063",
    "10.1080/01630563.2011.554948",
    "https://dx.doi.org/10.1016/0022-2011(69)90178-5",
    "10.1016/0925-4773(93)90020-x",
    "10.1177/1056492602250515",
    "10.1038/sj.jim.2900482",
    "10.1088/0022-3719/16/7/004",
    "10.1016/s0160-4120(01)00120-9",
    "10.1029/GL005I008P00637",
    "10.1016/j.bandc.2006.01.009",
    "10.1016/s0924-4247(02)00135-8",
    "10.1080/0013191880400102",
    "10.1007/s10853-006-0719-y",
    "10.5506/aphyspolb.56.3-a17",
    "arXiv:1404.1899v2",
    "https://arxiv.org/abs/cond-mat/0102536v1",
    "hep-ex/0307015",
    "1210.7708",
]


@pytest.fixture
def sources(http_mock):
    return RecordedWorks(http_mock)


@pytest.fixture
def waits(monkeypatch):
    taken = []
    monkeypatch.setattr(source_http, "sleep", taken.append)
    return taken


@pytest.fixture
def ann():
    return ProfileFactory(slug="ann", name="Ann Example", user=UserFactory(is_staff=True))


@pytest.fixture
def adrien():
    return ProfileFactory(
        slug="adrien", name="Adrien Revault d'Allonnes", user=UserFactory(is_staff=True)
    )


def authors(paper):
    return [row.name for row in paper.authorships.order_by("position")]


def import_works(slug, *args):
    out = []

    class Out:
        def write(self, text):
            out.append(text)

        def flush(self):
            pass

    call_command("import_works", slug, *args, stdout=Out())
    return "".join(out)


# --- what people paste -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("10.1038/nature14539", "doi", "10.1038/nature14539"),
        ("doi:10.1038/nature14539", "doi", "10.1038/nature14539"),
        ("https://doi.org/10.1038/nature14539", "doi", "10.1038/nature14539"),
        ("1706.03762v5", "arxiv", "1706.03762"),
        ("arXiv:1706.03762", "arxiv", "1706.03762"),
        ("https://arxiv.org/pdf/1706.03762v2.pdf", "arxiv", "1706.03762"),
        ("hep-th/9901001v2", "arxiv", "hep-th/9901001"),
        ("10.48550/arXiv.1706.03762", "arxiv", "1706.03762"),
        ("0000-0002-1825-0097", "orcid", "0000-0002-1825-0097"),
        ("https://orcid.org/0000-0003-2888-1770", "orcid", "0000-0003-2888-1770"),
    ],
)
def test_identifiers_are_recognised_in_every_usual_form(text, kind, value):
    identifier = read_identifier(text)
    assert (identifier.kind, identifier.value) == (kind, value)


def test_unreadable_identifiers_say_what_they_are_not():
    identifiers, errors = read_identifiers("0000-0002-1825-0098, banana 10.1038/nature14539")
    assert [item.value for item in identifiers] == ["10.1038/nature14539"]
    assert errors == [
        "0000-0002-1825-0098: not an ORCID iD (its check digit is wrong)",
        "banana: not a DOI, arXiv id or ORCID iD",
    ]
    assert read_identifier("1706.03762", "doi") == "1706.03762: not a DOI (10.NNNN/…)"


def test_more_identifiers_than_the_limit_are_refused_in_one_line(ann):
    many = " ".join(f"10.5555/{index}" for index in range(501))
    with pytest.raises(IdentifierError, match="501 identifiers; the limit is 500 per import"):
        read_identifiers(many)
    with pytest.raises(CommandError, match="501 identifiers; the limit is 500"):
        call_command("import_works", "ann", "--doi", *many.split())


# --- the twenty --------------------------------------------------------------------------


def test_twenty_mixed_identifiers_import_with_titles_authors_venues_years(sources, ann):
    output = import_works("ann", "--doi", *MIXED[:16], "--arxiv", *MIXED[16:])
    assert "20 works (4 from arXiv, 16 from Crossref); 0 not found." in output
    assert Publication.objects.count() == 20
    lamb = Publication.objects.get(doi="10.22175/mmb2017.10.0050")
    assert lamb.title == (
        "Association between Loin Ultimate pH and Plasma Indicators of Pre-Slaughter "
        "Stressors in Australian Lamb"
    )
    assert authors(lamb) == [
        "Sarah M. Stewart",
        "Peter McGilchrist",
        "Graham E. Gardner",
        "David W. Pethick",
    ]
    assert (lamb.venue_full, lamb.year, lamb.type) == ("Meat and Muscle Biology", 2018, "journal")
    chapter = Publication.objects.get(doi="10.1007/978-3-662-26787-5_53")
    assert chapter.type == "chapter" and chapter.year == 1964
    assert chapter.title.startswith("Intrauterine Feminisierung männlicher Rattenfeten")
    ocean = Publication.objects.get(doi__iexact="10.1029/gl005i008p00637")
    assert authors(ocean)[5] == "Joël Picaut" and len(authors(ocean)) == 8
    hadrons = Publication.objects.get(doi="10.5506/aphyspolb.56.3-a17")
    assert hadrons.arxiv == "2501.04622"  # Crossref's has-preprint relation
    assert hadrons.abstract.startswith("The interpretation of the energy-momentum tensor")
    assert "Jagiellonian" not in hadrons.abstract  # the deposited copyright note is not abstract
    loop = Publication.objects.get(arxiv="1404.1899")
    assert (loop.doi, loop.year, loop.venue_full) == (
        "10.1088/2041-8205/789/2/L29",
        2014,
        "Astrophys. J. 789 (2014) L29",
    )
    assert authors(loop) == ["Hao Liu", "Philipp Mertsch", "Subir Sarkar"]
    h1 = Publication.objects.get(arxiv="hep-ex/0307015")
    assert (h1.year, authors(h1)) == (2003, ["H1 Collaboration"])
    assert (
        h1.title == "Multi-Electron Production at High Transverse Momenta in ep Collisions at HERA"
    )
    preprint = Publication.objects.get(arxiv="1210.7708")
    assert (preprint.status, preprint.type, preprint.year) == ("preprint", "preprint", 2012)
    assert ProfilePublication.objects.filter(profile=ann).count() == 20


def test_importing_the_twenty_again_changes_nothing(sources, ann):
    import_works("ann", "--doi", *MIXED[:16], "--arxiv", *MIXED[16:])
    before = {paper.pk: paper.updated_at for paper in Publication.objects.all()}
    output = import_works("ann", "--doi", *MIXED[:16], "--arxiv", *MIXED[16:])
    assert "20 entries: 0 new, 20 merged" in output
    assert {paper.pk: paper.updated_at for paper in Publication.objects.all()} == before
    assert Authorship.objects.count() == sum(
        len(authors(paper)) for paper in Publication.objects.all()
    )


def test_dry_run_writes_nothing(sources, ann):
    output = import_works("ann", "--dry-run", "--arxiv", "1404.1899")
    assert "Dry run, nothing written. 1 entries: 1 new" in output
    assert not Publication.objects.exists()


# --- ORCID -------------------------------------------------------------------------------


def test_an_orcid_record_of_thirty_one_works_imports_thirty(sources, adrien):
    output = import_works("adrien", "--orcid", ORCID_ID)
    assert "31 works (31 from ORCID); 0 not found." in output
    assert "31 entries: 30 new, 0 merged" in output
    assert "work/55549864: error — ORCID gives no author list" in output
    assert Publication.objects.count() == 30
    fraud = Publication.objects.get(title="Dynamic Credit-Card Fraud Profiling")
    assert fraud.doi == "10.1007/978-3-642-34620-0_22"  # ORCID's "\_" escape undone
    assert authors(fraud) == ["Marc Damez", "Marie-Jeanne Lesot", "Adrien Revault d'Allonnes"]
    assert (fraud.year, fraud.type) == (2012, "conference")
    assert fraud.venue_full.startswith("The 9th International Conference on Modeling Decisions")
    owner_rows = Authorship.objects.filter(author__profile=adrien)
    assert owner_rows.count() == 30  # the owner is found in every author list
    workshop = Publication.objects.get(title__startswith="Vertex-centred Method")
    assert workshop.type == "workshop"
    belief = Publication.objects.get(title="Belief, semi-belief and unbelief")
    assert authors(belief)[0] == "Bénédicte Legastelois"  # LaTeX accents of the citation
    assert ProfilePublication.objects.filter(profile=adrien).count() == 30


def test_crossref_is_asked_for_the_orcid_works_dois_first(http_mock, adrien):
    recorded = RecordedWorks(http_mock)
    # Crossref has the DOI of one work of the record: its record is used for that work.
    item = dict(recorded.crossref["10.22175/mmb2017.10.0050"])
    item.update(
        DOI="10.1109/FOCI.2007.371533", title=["Selecting Implications in Fuzzy Abductive Problems"]
    )
    item["author"] = [
        {"given": "Adrien", "family": "Revault d'Allonnes", "sequence": "first"},
        {"given": "Herman", "family": "Akdag", "sequence": "additional"},
    ]
    recorded.crossref["10.1109/foci.2007.371533"] = item
    fetched = fetch([read_identifier(ORCID_ID)])
    assert fetched.found == {"Crossref": 1, "ORCID": 30}
    assert recorded.calls == {"orcid": 2, "crossref": 1}  # summaries, one bulk, one batch


def test_reimporting_the_orcid_record_adds_no_duplicate(sources, adrien):
    import_works("adrien", "--orcid", ORCID_ID)
    output = import_works("adrien", "--orcid", ORCID_ID)
    assert "30 merged" in output
    assert Publication.objects.count() == 30


def test_an_unknown_orcid_record_is_one_line(sources, ann):
    output = import_works("ann", "--orcid", "0000-0002-1825-0097")
    assert "0000-0002-1825-0097: error — not found at ORCID" in output


# --- preprints and their published versions -----------------------------------------------


def test_an_arxiv_preprint_whose_doi_is_on_the_site_merges_into_it(sources, ann):
    published = make_publication(
        authors=["Hao Liu", ann, "Subir Sarkar"],
        title="Fingerprints of Galactic Loop I on the Cosmic Microwave Background",
        doi="10.1088/2041-8205/789/2/L29",
        year=2014,
        venue_full="",
    )
    output = import_works("ann", "--arxiv", "1404.1899")
    assert f"merged with paper #{published.pk}" in output
    published.refresh_from_db()
    assert published.arxiv == "1404.1899"
    assert Publication.objects.count() == 1


def test_a_doi_whose_arxiv_preprint_is_on_the_site_becomes_its_published_version(sources, ann):
    preprint = make_publication(
        authors=["C. Lorcé", ann],
        title="Pressure inside hadrons: criticism, conjectures, and all that",
        arxiv="2501.04622",
        doi="",
        year=2025,
        type=Publication.Type.PREPRINT,
        status=Publication.Status.PREPRINT,
    )
    import_works("ann", "--doi", "10.5506/aphyspolb.56.3-a17")
    preprint.refresh_from_db()
    assert Publication.objects.count() == 1
    assert (preprint.doi, preprint.status, preprint.venue_full) == (
        "10.5506/aphyspolb.56.3-a17",
        Publication.Status.PUBLISHED,
        "Acta Physica Polonica B",
    )


def test_a_preprint_and_its_published_version_in_one_list_are_one_paper(http_mock, ann):
    recorded = RecordedWorks(http_mock)
    # arXiv's record of 1404.1899 names its DOI: Crossref's record of it is the same paper.
    item = dict(recorded.crossref["10.22175/mmb2017.10.0050"])
    item.update(
        DOI="10.1088/2041-8205/789/2/L29",
        title=["Fingerprints of Galactic Loop I on the Cosmic Microwave Background"],
        issued={"date-parts": [[2014, 6, 20]]},
    )
    recorded.crossref["10.1088/2041-8205/789/2/l29"] = item
    output = import_works("ann", "--arxiv", "1404.1899", "--doi", "10.1088/2041-8205/789/2/L29")
    assert "1 new, 0 merged, 1 skipped: duplicate" in output
    assert Publication.objects.get().arxiv == "1404.1899"


# --- marks ---------------------------------------------------------------------------------


def test_marks_are_never_invented_and_the_preview_says_so(sources, ann):
    output = import_works("ann", "--arxiv", "1404.1899", "--doi", "10.22175/mmb2017.10.0050")
    assert output.count("gives no equal-contribution or corresponding marks: none set") == 2
    assert not Authorship.objects.filter(equal_contribution=True).exists()
    assert not Authorship.objects.filter(corresponding=True).exists()


# --- failures, one line each -----------------------------------------------------------------


def test_identifiers_not_found_are_one_line_each_and_the_rest_imports(sources, ann):
    output = import_works(
        "ann", "--doi", "10.9999/nope", "10.22175/mmb2017.10.0050", "--arxiv", "2301.99999"
    )
    assert "10.9999/nope: error — not found at Crossref" in output
    assert "2301.99999: error — not found at arXiv" in output
    assert "1 works (1 from Crossref); 2 not found." in output
    assert Publication.objects.count() == 1


def test_a_record_without_a_title_is_refused_by_name(sources, ann):
    output = import_works("ann", "--doi", "10.5506/aphyspolb.42.2407")
    assert "10.5506/aphyspolb.42.2407: error — Crossref gives no title" in output
    assert not Publication.objects.exists()


def test_rate_limited_answers_are_retried_after_retry_after(http_mock, waits, ann):
    http_mock.add(
        "GET", "https://export.arxiv.org/api/query", status=429, headers={"Retry-After": "7"}
    )
    RecordedWorks(http_mock)
    output = import_works("ann", "--arxiv", "1404.1899")
    assert waits == [7.0]
    assert "1 works (1 from arXiv); 0 not found. Waited 7 s as the sources asked." in output
    assert "1 entries: 1 new" in output


def test_still_rate_limited_is_one_line_per_identifier(http_mock, waits, ann):
    for _ in range(4):
        http_mock.add("GET", "https://api.crossref.org/works", status=429)
    output = import_works("ann", "--doi", "10.22175/mmb2017.10.0050", "10.1177/1056492602250515")
    assert output.count("Crossref: rate limited (HTTP 429) after 4 tries.") == 2
    assert not Publication.objects.exists()


def test_malformed_json_is_one_line(http_mock, ann):
    http_mock.add(
        "GET", "https://api.crossref.org/works", body="{not json", content_type="application/json"
    )
    output = import_works("ann", "--doi", "10.22175/mmb2017.10.0050")
    assert "10.22175/mmb2017.10.0050: error — Crossref: the answer was not JSON" in output


def test_an_atom_answer_that_is_not_xml_is_one_line(http_mock, ann):
    http_mock.add("GET", "https://export.arxiv.org/api/query", body="<html><body>oops")
    output = import_works("ann", "--arxiv", "1404.1899")
    assert "1404.1899: error — arXiv: the answer was not Atom XML." in output


def test_a_timeout_is_retried_then_one_line(http_mock, waits, ann):
    http_mock.add(
        "GET", "https://pub.orcid.org/v3.0/0000-0003-2888-1770/works", body=requests.Timeout()
    )
    output = import_works("ann", "--orcid", ORCID_ID)
    assert f"{ORCID_ID}: error — ORCID: no answer within 30 s (4 tries)." in output
    assert waits == [1.0, 2.0, 4.0]


def test_bad_input_to_the_command_is_one_line(sources, ann):
    with pytest.raises(CommandError, match="No profile with the slug “nobody”"):
        call_command("import_works", "nobody", "--doi", "10.22175/mmb2017.10.0050")
    with pytest.raises(CommandError, match="Give at least one --doi, --arxiv or --orcid"):
        call_command("import_works", "ann")
    with pytest.raises(CommandError, match=r"1706\.03762: not a DOI"):
        call_command("import_works", "ann", "--doi", "1706.03762")


def test_requests_name_the_site_and_its_contact(http_mock, settings, ann):
    settings.CONTACT_EMAIL = "admin@example.org"
    recorded = RecordedWorks(http_mock)
    import_works("ann", "--arxiv", "1404.1899", "--doi", "10.22175/mmb2017.10.0050")
    agents = {call.request.headers["User-Agent"] for call in http_mock.calls}
    assert agents == {"ScholarPages/1.0 (academic homepages; mailto:admin@example.org)"}
    assert recorded.calls == {"arxiv": 1, "crossref": 1}


# --- the page --------------------------------------------------------------------------------


def preview_rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in soup.select("#import-preview tbody tr")
    ]


def test_the_page_previews_then_confirm_imports_what_was_shown(client, sources, ann, http_mock):
    client.force_login(ann.user)
    text = "arXiv:1404.1899\n10.22175/mmb2017.10.0050 10.9999/nope banana"
    response = client.post(URL, {"profile": "ann", "identifiers": text})
    assert response.status_code == 200
    rows = preview_rows(response)
    assert [row[0] for row in rows] == [
        "arXiv:1404.1899",
        "10.22175/mmb2017.10.0050",
        "10.9999/nope",
        "banana",
    ]
    assert rows[0][2] == "New" and rows[2][2] == "Error"
    assert "not found at Crossref" in rows[2][3]
    assert "banana: not a DOI, arXiv id or ORCID iD" in rows[3][3]
    assert "gives no equal-contribution or corresponding marks" in rows[0][3]
    soup = BeautifulSoup(response.content, "html.parser")
    assert (
        "2 works (1 from arXiv, 1 from Crossref); 2 not found."
        in soup.select_one("#source-report").get_text()
    )
    assert not Publication.objects.exists()
    requests_before = len(http_mock.calls)
    token = soup.select_one("input[name=token]")["value"]
    response = client.post(f"{URL}confirm/", {"token": token})
    assert response.status_code == 302
    assert Publication.objects.count() == 2
    assert len(http_mock.calls) == requests_before  # the sources are not asked again
    assert not WorksPreview.objects.exists()
    again = client.post(f"{URL}confirm/", {"token": token}, follow=True)
    assert "no longer available" in again.content.decode()
    assert Publication.objects.count() == 2


def test_nobody_imports_onto_a_profile_they_may_not_edit(client, sources, ann):
    mallory = UserFactory(is_staff=True)
    ProfileFactory(slug="mallory", user=mallory)
    client.force_login(mallory)
    response = client.post(URL, {"profile": "ann", "identifiers": "1404.1899"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not WorksPreview.objects.exists()


def test_someone_elses_preview_cannot_be_confirmed(client, sources, ann):
    client.force_login(ann.user)
    client.post(URL, {"profile": "ann", "identifiers": "1404.1899"})
    token = WorksPreview.objects.get().token
    client.force_login(UserFactory(is_staff=True))
    client.post(f"{URL}confirm/", {"token": token})
    assert not Publication.objects.exists()
    assert WorksPreview.objects.filter(token=token).exists()


def test_the_preview_keeps_the_records_as_json(client, sources, ann):
    client.force_login(ann.user)
    client.post(URL, {"profile": "ann", "identifiers": "1404.1899"})
    stored = WorksPreview.objects.get().fetched
    assert json.loads(json.dumps(stored)) == stored
    assert stored["records"][0]["entry"]["id"] == "1404.1899"


def test_an_orcid_record_is_read_by_the_worker_then_previewed_and_confirmed(
    client, sources, adrien
):
    from profiles.jobs.models import Job
    from profiles.tests.job_helpers import run_jobs

    client.force_login(adrien.user)
    response = client.post(URL, {"profile": "adrien", "identifiers": f"{ORCID_ID} banana"})
    job = Job.objects.get(kind=Job.Kind.ORCID_WORKS)
    assert response["Location"] == job.get_absolute_url()
    assert sources.calls == {}  # nothing asked before the worker runs

    run_jobs()

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert (job.done, job.total) == (31, 31)
    page = BeautifulSoup(client.get(job.get_absolute_url()).content, "html.parser")
    assert "31 works (31 from ORCID); 1 not found." in page.select_one("#job-message").get_text()
    preview = client.get(page.select_one("#job-preview")["href"])
    rows = preview_rows(preview)
    assert len(rows) == 32 and rows[-1][0] == "banana"
    assert not Publication.objects.exists()
    token = BeautifulSoup(preview.content, "html.parser").select_one("input[name=token]")["value"]
    client.post(f"{URL}confirm/", {"token": token})
    assert Publication.objects.count() == 30
    # Someone else cannot open that job's preview.
    client.force_login(UserFactory(is_staff=True))
    assert client.get(f"{URL}job/{job.pk}/").status_code == 404


def test_the_import_and_preview_pages_are_valid_html(client, sources, ann, tmp_path):
    from tests.harness import format_html_errors, validate_pages

    client.force_login(ann.user)
    pages = {
        "import": client.get(URL).content,
        "preview": client.post(
            URL, {"profile": "ann", "identifiers": "1404.1899 10.9999/nope <b>x</b>"}
        ).content,
    }
    errors = validate_pages(pages, tmp_path)
    assert not any(errors.values()), format_html_errors(errors)
    # What was typed comes back escaped.
    assert b"<b>x" not in pages["preview"] and b"b&gt;x&lt;/b: not a DOI" in pages["preview"]


def test_the_preview_costs_the_same_queries_for_two_papers_or_twenty(client, sources, ann):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(ann.user)
    counts = []
    for identifiers in (MIXED[15:17], MIXED):  # a DOI and an arXiv id; then twenty
        with CaptureQueriesContext(connection) as queries:
            response = client.post(URL, {"profile": "ann", "identifiers": "\n".join(identifiers)})
        assert response.status_code == 200
        counts.append(len(queries))
    # Session, user, profiles (form), previews deleted and saved, and the plan's queries
    # (papers by DOI, by arXiv id, by title; authors; the owner's names; the venue
    # registry's venues, aliases and ranks): none per paper.
    assert counts == [17, 17]
