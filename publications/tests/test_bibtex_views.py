"""The import page: upload or paste, an honest preview, confirm writes everything at once."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from profiles.tests.factories import ProfileFactory, UserFactory
from publications.models import Author, Publication

from .bibtex_support import STYLES, song_profile
from .factories import make_publication

pytestmark = pytest.mark.django_db

URL = "/me/bibtex/"


@pytest.fixture
def researcher(client):
    user = UserFactory()
    profile = song_profile(user=user)
    client.force_login(user)
    return profile


def preview_rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in soup.select("#import-preview tbody tr")
    ]


def test_urls_are_where_the_contract_says():
    assert reverse("bibtex:import") == URL
    assert reverse("profiles:bibtex", kwargs={"slug": "ann"}) == "/ann/publications.bib"
    assert reverse("profiles:csl_json", kwargs={"slug": "ann"}) == "/ann/publications.json"


def test_login_is_required(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_account_without_a_profile_is_told_so(client):
    client.force_login(UserFactory())
    response = client.get(URL)
    assert response.status_code == 403
    assert "no profile to import onto" in response.content.decode()


def test_paste_preview_confirm(client, researcher):
    text = (STYLES / "nasty.bib").read_text(encoding="utf-8")
    response = client.post(URL, {"profile": researcher.slug, "text": text, "preview": "1"})
    assert response.status_code == 200
    rows = preview_rows(response)
    assert len(rows) == 9
    assert rows[1][:2] == ["14", "marks2021"] and rows[1][3] == "New"
    assert rows[1][2].startswith("Marks Everywhere in Author Lists")
    assert rows[5][3] == "Skipped: duplicate"
    assert rows[6][:2] == ["56", "broken2020"] and rows[6][3] == "Error"
    assert "syntax error" in rows[6][4]
    assert "no year: imported as a preprint" in rows[4][4]
    assert not Publication.objects.exists()

    soup = BeautifulSoup(response.content, "html.parser")
    token = soup.select_one("input[name=token]")["value"]
    response = client.post(reverse("bibtex:confirm"), {"token": token})
    assert response.status_code == 302
    assert Publication.objects.listed_on(researcher).count() == 7
    page = client.get(response["Location"])
    assert "Imported onto Zikai Song’s page. 9 entries: 7 new" in page.content.decode()

    again = client.post(reverse("bibtex:confirm"), {"token": token})
    assert again.status_code == 302
    assert "no longer available" in client.get(again["Location"]).content.decode()
    assert Publication.objects.count() == 7


def test_upload_a_file(client, researcher):
    upload = SimpleUploadedFile("papers.bib", (STYLES / "ieee.bib").read_bytes())
    response = client.post(URL, {"profile": researcher.slug, "bib_file": upload})
    assert [row[3] for row in preview_rows(response)] == ["New", "New"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "papers.bib is a binary file, not BibTeX text."),
        (b"no entries here", "papers.bib holds no BibTeX entries"),
    ],
)
def test_bad_uploads_are_refused_with_a_message(client, researcher, content, message):
    upload = SimpleUploadedFile("papers.bib", content)
    response = client.post(URL, {"profile": researcher.slug, "bib_file": upload})
    assert response.status_code == 200
    assert message in BeautifulSoup(response.content, "html.parser").get_text()
    assert not preview_rows(response)


def test_nothing_given_is_an_error(client, researcher):
    response = client.post(URL, {"profile": researcher.slug, "text": "  "})
    assert "Choose a .bib file or paste BibTeX." in response.content.decode()


def test_a_researcher_cannot_import_onto_someone_elses_profile(client, researcher):
    other = ProfileFactory(slug="other")
    text = (STYLES / "ieee.bib").read_text(encoding="utf-8")
    response = client.post(URL, {"profile": other.slug, "text": text})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not preview_rows(response)


def test_an_editor_chooses_any_profile_preselected_from_the_admin_link(client):
    editor = UserFactory(is_superuser=True, is_staff=True)
    song_profile()
    ProfileFactory(slug="ann", name="Ann")
    client.force_login(editor)
    response = client.get(URL + "?profile=zikai-song")
    soup = BeautifulSoup(response.content, "html.parser")
    options = {
        option["value"]: option.has_attr("selected")
        for option in soup.select("select option")
        if option["value"]
    }
    assert options == {"ann": False, "zikai-song": True}


def test_admin_profile_page_links_to_the_import(client):
    editor = UserFactory(is_superuser=True, is_staff=True)
    profile = song_profile()
    client.force_login(editor)
    response = client.get(reverse("admin:profiles_profile_change", args=[profile.pk]))
    assert response.status_code == 200
    link = BeautifulSoup(response.content, "html.parser").select_one("a.import-bibtex-link")
    assert link["href"] == f"{URL}?profile=zikai-song"


def test_an_ambiguous_coauthor_can_be_chosen_in_the_preview(client, researcher):
    first = Author.objects.create(name="Wei Yang")
    second = Author.objects.create(name="Wei Yang", profile=ProfileFactory(name="Wei Yang"))
    text = "@article{a, title={Paper A}, author={Song, Zikai and Yang, Wei}, year=2023}"
    response = client.post(URL, {"profile": researcher.slug, "text": text})
    soup = BeautifulSoup(response.content, "html.parser")
    select = soup.select_one("select[name=author-1-1]")
    assert select["form"] == "confirm-form"
    assert soup.select_one("label[for=author-1-1]").get_text() == "Who is “Wei Yang”?"
    options = [(option["value"], option.get_text()) for option in select.find_all("option")]
    assert options == [
        ("", "A new author"),
        (str(first.pk), f"Wei Yang (#{first.pk}, 0 papers)"),
        (str(second.pk), f"Wei Yang (#{second.pk}, Wei Yang’s profile, 0 papers)"),
    ]
    token = soup.select_one("input[name=token]")["value"]
    client.post(reverse("bibtex:confirm"), {"token": token, "author-1-1": str(second.pk)})
    paper = Publication.objects.get()
    assert paper.authorships.get(position=1).author == second
    assert paper.listings.filter(profile=second.profile).exists()
    assert Author.objects.filter(name="Wei Yang").count() == 2


def test_a_huge_paste_is_refused(client, researcher):
    text = "@misc{x, title={" + "a" * (6 * 1024 * 1024) + "}}"
    response = client.post(URL, {"profile": researcher.slug, "text": text})
    assert "The pasted text is larger than 5 MB; split it." in response.content.decode()
    assert not preview_rows(response)


def test_a_large_file_is_imported_by_the_worker_with_progress_and_a_result_page(
    client, researcher, settings
):
    from profiles.jobs.models import Job
    from profiles.tests.job_helpers import run_jobs

    settings.BIBTEX_BACKGROUND_ENTRIES = 5
    text = (STYLES / "nasty.bib").read_text(encoding="utf-8")
    preview = client.post(URL, {"profile": researcher.slug, "text": text, "preview": "1"})
    token = BeautifulSoup(preview.content, "html.parser").select_one("input[name=token]")["value"]

    response = client.post(reverse("bibtex:confirm"), {"token": token})

    job = Job.objects.get(kind=Job.Kind.BIBTEX_IMPORT)
    assert response["Location"] == job.get_absolute_url()
    assert (job.profile, job.status) == (researcher, Job.Status.QUEUED)
    assert not Publication.objects.exists()
    # The preview is used up: confirming again imports nothing a second time.
    again = client.post(reverse("bibtex:confirm"), {"token": token})
    assert "no longer available" in client.get(again["Location"]).content.decode()

    run_jobs()

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert (job.done, job.total) == (9, 9)
    assert Publication.objects.listed_on(researcher).count() == 7
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Imported onto Zikai Song’s page. 9 entries: 7 new" in page


def test_a_background_import_acts_with_the_rights_of_its_user_when_it_runs(
    client, researcher, settings
):
    from profiles.jobs.models import Job
    from profiles.tests.job_helpers import run_jobs

    settings.BIBTEX_BACKGROUND_ENTRIES = 1
    text = (STYLES / "ieee.bib").read_text(encoding="utf-8")
    preview = client.post(URL, {"profile": researcher.slug, "text": text, "preview": "1"})
    token = BeautifulSoup(preview.content, "html.parser").select_one("input[name=token]")["value"]
    client.post(reverse("bibtex:confirm"), {"token": token})
    # The profile changes hands before the worker gets to the job.
    researcher.user = UserFactory(username="new-owner")
    researcher.save()

    run_jobs()

    job = Job.objects.get(kind=Job.Kind.BIBTEX_IMPORT)
    assert job.status == Job.Status.FAILED
    assert "may no longer edit" in job.message
    assert not Publication.objects.exists()


def test_the_preview_shows_each_paper_as_the_public_page_will(client, researcher):
    researcher.marker_equal, researcher.marker_corresponding = "*", "†"
    researcher.save()
    text = (STYLES / "nasty.bib").read_text(encoding="utf-8")
    response = client.post(URL, {"profile": researcher.slug, "text": text, "preview": "1"})
    soup = BeautifulSoup(response.content, "html.parser")
    entry = soup.select("#import-preview tbody tr")[1].select_one(".preview-entry")
    authors = entry.select_one(".preview-authors")
    assert authors.get_text() == "Zhihang Yuan*, Rao Fu*†, Zikai Song*, Ming Li*, Lei Wang†"
    assert [strong.get_text() for strong in authors.select("strong")] == ["Zikai Song"]
    assert [sup.get_text() for sup in authors.select("sup")] == ["*", "*", "†", "*", "*", "†"]
    venue = entry.select_one(".preview-venue").get_text(" ", strip=True)
    assert venue == "Journal of Marks 2021 · Journal article"


def test_a_merge_names_the_fields_it_fills_as_the_form_does(client, researcher):
    make_publication(
        authors=[researcher], title="Marks Everywhere in Author Lists", venue="", year=2021
    )
    text = "@article{m, title={Marks Everywhere in Author Lists}, author={Song, Zikai}, "
    text += "journal={Journal of Marks}, year={2021}}"
    response = client.post(URL, {"profile": researcher.slug, "text": text, "preview": "1"})
    details = preview_rows(response)[0][4]
    assert "already on the site: full venue name" in details, details
    assert "venue_full" not in response.content.decode()
