"""A researcher's day in the admin, in a browser, checking the public page after each step;
then a careless user: malformed values, a duplicate, a co-author's profile deleted — no
server error, nothing lost, each message naming its field."""

import io
import zipfile

import pytest
from PIL import Image

from profiles.models import Profile
from profiles.tests.factories import ProfileFactory, UserFactory
from publications.models import ProfilePublication, Publication
from publications.tests.factories import make_publication

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def people(site_server):
    zeqing = UserFactory(username="zeqing", is_staff=True)
    shiyuan = UserFactory(username="shiyuan", is_staff=True)
    owner = ProfileFactory(
        user=zeqing, slug="zeqing-wang", name="Zeqing Wang", is_published=True, bio="Old bio."
    )
    coauthor = ProfileFactory(
        user=shiyuan, slug="shiyuan-zhang", name="Shiyuan Zhang", is_published=True
    )
    make_publication(authors=[owner, coauthor], title="Earlier Work", year=2024)
    return owner, coauthor


class Session:
    """One logged-in browser tab, recording every server error it meets."""

    def __init__(self, browser, base, username):
        self.base = base
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.server_errors = []
        self.page.on(
            "response",
            lambda r: r.status >= 500 and self.server_errors.append(f"{r.status} {r.url}"),
        )
        self.page.goto(f"{base}/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("input[type=submit]")
        self.page.wait_for_url(f"{base}/admin/")

    def go(self, path):
        self.page.goto(self.base + path)

    def public_text(self, path):
        """The public page's text, as a visitor without a session sees it."""
        visitor = self.context.browser.new_context()
        try:
            page = visitor.new_page()
            response = page.goto(self.base + path)
            assert response.status == 200, path
            return page.inner_text("main")
        finally:
            visitor.close()

    def save(self):
        self.page.click("input[name=_save]")
        self.page.wait_for_load_state()

    def errors(self):
        return [el.inner_text() for el in self.page.query_selector_all(".errorlist li")]

    def choose_author(self, row, term, label):
        """Pick ``label`` in a row's author list (the admin's autocomplete)."""
        self.page.click(f"#authorships-{row} .field-author .select2-selection")
        self.page.fill(".select2-search__field", term)
        self.page.locator(".select2-results__option", has_text=label).click()


def photo_file(tmp_path):
    path = tmp_path / "me.jpg"
    Image.new("RGB", (1200, 900), (30, 90, 160)).save(path, format="JPEG")
    return str(path)


def test_a_day_in_the_life_of_a_researcher(browser, site_server, people, tmp_path):
    owner, _ = people
    me = Session(browser, site_server.url, "zeqing")
    page = me.page
    try:
        # The dashboard; "View site" is the researcher's own page.
        assert page.inner_text("#dashboard-title").startswith("Zeqing Wang")
        assert page.get_attribute("#user-tools a:has-text('View site')", "href") == "/zeqing-wang/"

        # Edit the bio.
        page.click("a.dashboard-action:has-text('Edit my profile')")
        page.fill("#id_bio", "I study **robust perception**.")
        me.save()
        assert "robust perception" in me.public_text("/zeqing-wang/")

        # Add news: the section bar reaches the news in one click.
        me.go(f"/admin/profiles/profile/{owner.pk}/change/")
        page.click("nav.form-sections a:has-text('News items')")
        page.click("#news-group .add-row a")
        page.fill("#id_news-0-date", "2026-11")
        page.fill("#id_news-0-text", "Our paper was accepted to CVPR.")
        me.save()
        assert "Our paper was accepted to CVPR." in me.public_text("/zeqing-wang/")

        # Add a paper: the owner is its first author already; a co-author with a page is
        # chosen in the list, another typed; marks ticked.
        me.go("/admin/")
        page.click("a.dashboard-action:has-text('Add a paper')")
        assert "Zeqing Wang" in page.inner_text("#authorships-0 .field-author")
        page.fill("#id_title", "Seeing Through Fog")
        page.fill("#id_year", "2026")
        page.fill("#id_venue", "CVPR")
        page.check("#id_authorships-0-equal_contribution")
        page.click("#authorships-group .add-row a")
        me.choose_author(1, "Shiyuan", "Shiyuan Zhang's page")
        page.check("#id_authorships-1-equal_contribution")
        page.fill("#id_authorships-2-new_author_name", "Lei Chen")
        page.check("#id_authorships-2-corresponding")
        me.save()
        assert not me.errors(), me.errors()
        paper = Publication.objects.get(title="Seeing Through Fog")
        text = me.public_text("/zeqing-wang/")
        assert "Zeqing Wang*, Shiyuan Zhang*, Lei Chen†" in text
        # The co-author with a page gets it as a claim: listed once they accept it.
        assert "Seeing Through Fog" not in me.public_text("/shiyuan-zhang/")
        claim = ProfilePublication.objects.get(profile__slug="shiyuan-zhang", publication=paper)
        assert claim.status == ProfilePublication.Status.PENDING

        # Drag the last author to the top: the numbers follow the row while it moves.
        me.go(f"/admin/publications/publication/{paper.pk}/change/")
        handles = page.locator("#authorships-group tr.has_original td.original p")
        handles.nth(2).hover()
        page.mouse.down()
        handles.nth(0).hover()
        labels = handles.all_inner_texts()  # while the row is still held
        page.mouse.up()
        assert labels[0].startswith("1. Lei Chen"), (labels, handles.all_inner_texts())
        assert [label.split(".")[0] for label in handles.all_inner_texts()] == ["1", "2", "3"]
        me.save()
        assert not me.errors(), me.errors()
        assert "Lei Chen†, Zeqing Wang*, Shiyuan Zhang*" in me.public_text(paper.get_absolute_url())

        # Upload a photo.
        me.go(f"/admin/profiles/profile/{owner.pk}/change/")
        page.set_input_files("#id_photo", photo_file(tmp_path))
        me.save()
        visitor = browser.new_context()
        try:
            public = visitor.new_page()
            public.goto(f"{site_server.url}/zeqing-wang/")
            assert public.locator(".profile-header img").count() == 1
        finally:
            visitor.close()

        # Import BibTeX: preview as the page will show it, then confirm.
        me.go("/admin/")
        page.click("a.dashboard-action:has-text('Import BibTeX')")
        page.fill(
            "textarea[name=text]",
            "@inproceedings{w26, title={Depth in the Dark}, author={Wang, Zeqing and "
            "Ma, Jun}, booktitle={ECCV}, year={2026}}",
        )
        page.click("button[name=preview], input[name=preview]")
        assert page.inner_text(".preview-authors strong") == "Zeqing Wang"
        page.click("#confirm-form button[type=submit]")
        page.wait_for_load_state()
        assert "Depth in the Dark" in me.public_text("/zeqing-wang/")

        # Export: the downloaded site holds the page with everything above.
        me.go("/admin/")
        page.click("a.dashboard-action:has-text('Export')")
        with page.expect_download() as download:
            page.click("input[type=submit], button[type=submit]")
        with zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read())) as archive:
            index = archive.read("index.html").decode()
        for text in ("robust perception", "Our paper was accepted", "Depth in the Dark"):
            assert text in index
        assert not me.server_errors, me.server_errors
    finally:
        me.context.close()


MALFORMED_DATES = ["April 2026", "12/31/2026", "2026-31-12"]


def test_a_careless_user_loses_nothing(browser, site_server, people):
    owner, coauthor = people
    me = Session(browser, site_server.url, "zeqing")
    page = me.page
    try:
        # Malformed dates on a paper and in the news: each error names the field.
        paper = Publication.objects.get(title="Earlier Work")
        for bad in MALFORMED_DATES:
            me.go(f"/admin/publications/publication/{paper.pk}/change/")
            page.fill("#id_title", "Earlier Work, Retitled")
            page.fill("#id_date", bad)
            me.save()
            errors = page.inner_text(".field-date .errorlist")
            assert "YYYY, YYYY-MM or YYYY-MM-DD" in errors, errors
            # What was typed is still there to correct.
            assert page.input_value("#id_title") == "Earlier Work, Retitled"
            assert page.input_value("#id_date") == bad
        me.go(f"/admin/profiles/profile/{owner.pk}/change/")
        page.click("#news-group .add-row a")
        page.fill("#id_news-0-date", "April 2026")
        page.fill("#id_news-0-text", "Typed with care.")
        me.save()
        assert "YYYY, YYYY-MM or YYYY-MM-DD" in page.inner_text("#news-group .errorlist")
        assert page.input_value("#id_news-0-text") == "Typed with care."
        # A year far in the future.
        me.go(f"/admin/publications/publication/{paper.pk}/change/")
        page.fill("#id_year", "3026")
        me.save()
        assert "is in the future" in page.inner_text(".field-year .errorlist")

        # The same paper added by hand again: a warning with a link, nothing saved.
        me.go("/admin/publications/publication/add/")
        page.fill("#id_title", "earlier work")
        page.fill("#id_year", "2024")
        me.save()
        assert page.locator(".errorlist a.existing-paper").count() == 1
        assert Publication.objects.filter(title_key=paper.title_key).count() == 1
        assert not me.server_errors, me.server_errors
    finally:
        me.context.close()

    # An editor deletes the co-author's profile: the shared paper stays.
    UserFactory(username="editor", is_staff=True, is_superuser=True)
    editor = Session(browser, site_server.url, "editor")
    try:
        editor.go(f"/admin/profiles/profile/{coauthor.pk}/delete/")
        assert "Earlier Work" in editor.page.inner_text(".papers-kept")
        editor.page.click("input[type=submit]")
        editor.page.wait_for_load_state()
        assert not Profile.objects.filter(pk=coauthor.pk).exists()
        assert "Earlier Work" in editor.public_text("/zeqing-wang/")
        assert not editor.server_errors, editor.server_errors
    finally:
        editor.context.close()
