"""Export of one profile as a static website: layout, links, determinism, bad input."""

import errno
import json
import os
import re
import zipfile
from io import StringIO
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.management import call_command

from profiles.export.archive import ZipOutput, open_output
from profiles.export.errors import ExportError, IncompleteExport
from profiles.export.exporter import Exporter
from profiles.export.html import export_profile_html, plan_profile
from profiles.export.render import PageRenderer
from profiles.tests import factories as pf
from profiles.tests.export_checks import (
    folder_bytes,
    server_names_in,
    visible_text,
    walk_references,
)
from profiles.tests.page_helpers import json_ld_blocks
from publications.models import ProfilePublication
from publications.tests.factories import PublicationLinkFactory, make_publication

pytestmark = pytest.mark.django_db

EMAIL = "ada.researcher@example.org"


@pytest.fixture
def coauthor():
    return pf.ProfileFactory(slug="grace-hopper", name="Grace Hopper")


@pytest.fixture
def profile(coauthor):
    """A profile with a photo, links, news and papers with a co-author who has a profile."""
    profile = pf.ProfileFactory(
        slug="ada-researcher",
        name="Ada Researcher",
        email=EMAIL,
        photo=pf.image_file("ada.png", size=(300, 300)),
        bio="I study **things**.",
        accent_color="#c0ffee",
    )
    pf.ProfileLinkFactory(profile=profile, kind="github", url="https://github.com/ada")
    pf.ProfileLinkFactory(profile=profile, kind="email", url=f"mailto:{EMAIL}")
    pf.NewsItemFactory(profile=profile)
    for number, title in enumerate(["Seeing Things", "Seeing Things", "Hearing Things"]):
        paper = make_publication(
            authors=[profile, coauthor, "Alan Turing"],
            title=title,
            year=2020 + number,
            teaser=pf.image_file(f"teaser{number}.png", size=(400, 200)),
        )
        PublicationLinkFactory(publication=paper, label="code", url="https://github.com/ada/x")
        ProfilePublication.objects.get_or_create(
            profile=profile, publication=paper, defaults={"status": "accepted"}
        )
    return profile


def export(profile, out, **options):
    export_profile_html(profile=profile, out=out, **options)
    return out


def test_export_holds_the_profile_pages_one_per_paper_and_the_data_files(profile, tmp_path):
    out = export(profile, tmp_path / "site")

    assert (out / "index.html").is_file()
    assert (out / "publications" / "index.html").is_file()
    assert sorted(path.parent.name for path in (out / "papers").glob("*/index.html")) == [
        "hearing-things",
        "seeing-things",
        "seeing-things-2",
    ]
    assert (out / "publications.bib").is_file()
    assert (out / "feed.atom").is_file()
    assert "#c0ffee" in (out / "theme.css").read_text().lower()
    assert 'href="theme.css"' in (out / "index.html").read_text()
    assert not (out / "sitemap.xml").exists()
    assert list((out / "static").rglob("*.css"))


def test_exported_pages_show_the_same_text_as_the_live_pages(profile, tmp_path, client):
    out = export(profile, tmp_path / "site")
    paper = profile.listings.order_by("publication_id").first().publication
    pairs = [
        (profile.get_absolute_url(), out / "index.html"),
        (profile.get_absolute_url() + "publications/", out / "publications/index.html"),
        (paper.get_absolute_url(), out / "papers/seeing-things/index.html"),
    ]
    for live_path, exported in pairs:
        live = client.get(live_path).content.decode()
        assert visible_text(exported.read_text()) == visible_text(live), live_path


def test_every_reference_resolves_inside_the_export_and_nothing_is_loaded_from_elsewhere(
    profile, tmp_path
):
    out = export(profile, tmp_path / "site")

    assert walk_references(out) == []
    assert server_names_in(out) == []
    assert list((out / "media").rglob("*.*")), "the thumbnails the pages show are copied"


def test_links_the_researcher_entered_stay_external_links(profile, tmp_path):
    out = export(profile, tmp_path / "site")

    soup = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    assert soup.find("a", href="https://github.com/ada")


def test_directory_links_name_index_html_because_file_urls_have_no_directory_index(
    profile, tmp_path
):
    out = export(profile, tmp_path / "site")

    for page in out.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        for anchor in soup.find_all("a", href=True):
            href = anchor["href"].split("#")[0]
            if href and "://" not in href and not href.startswith("mailto:"):
                assert not href.endswith("/"), f"{page}: {anchor['href']}"


def test_coauthor_without_a_page_in_the_export_is_plain_text(profile, coauthor, tmp_path):
    out = export(profile, tmp_path / "site")

    html = (out / "papers/seeing-things/index.html").read_text()
    assert "Grace Hopper" in html
    assert "grace-hopper/" not in html


def test_email_address_is_never_in_clear_text(profile, tmp_path):
    out = export(profile, tmp_path / "site")

    for name, data in folder_bytes(out).items():
        assert EMAIL.encode() not in data, name


def test_without_a_base_url_no_page_names_an_absolute_url_of_its_own(profile, tmp_path):
    out = export(profile, tmp_path / "site")

    soup = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    assert soup.find("link", rel="canonical") is None
    assert soup.find("meta", property="og:url") is None


def test_a_base_url_gives_canonical_urls_and_a_sitemap(profile, tmp_path):
    out = export(profile, tmp_path / "site", base_url="https://ada.github.io/site")

    sitemap = (out / "sitemap.xml").read_text()
    assert "<loc>https://ada.github.io/site/</loc>" in sitemap
    assert "<loc>https://ada.github.io/site/papers/seeing-things-2/</loc>" in sitemap
    assert "https://ada.github.io/site/" in (out / "feed.atom").read_text()
    assert server_names_in(out) == []


@pytest.mark.parametrize(
    "base_url",
    [
        "https://lab.example.org/?x=1",
        "https://lab.example.org/p#top",
        "https://lab.example.org/my site/",
    ],
)
def test_a_base_url_with_a_query_fragment_or_space_is_a_one_line_error(profile, tmp_path, base_url):
    with pytest.raises(ExportError, match="--base-url") as error:
        export(profile, tmp_path / "site", base_url=base_url)
    assert "\n" not in str(error.value)
    assert not (tmp_path / "site").exists()


def test_uploads_with_non_ascii_names_are_exported_under_their_names(profile, tmp_path):
    profile.photo = pf.image_file("王伟.png", size=(300, 300))
    profile.save()
    cv = pf.ProfileLinkFactory(profile=profile, kind="cv", url="")
    cv.file.save("résumé.pdf", ContentFile(b"%PDF-1.4 a CV"))

    out = export(profile, tmp_path / "site")

    assert (out / "media/files/résumé.pdf").read_bytes() == b"%PDF-1.4 a CV"
    soup = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    assert soup.select_one("a.btn-cv")["href"] == "media/files/r%C3%A9sum%C3%A9.pdf"
    assert "%E7%8E%8B%E4%BC%9F" in soup.select_one("img.profile-photo")["src"]
    assert walk_references(out) == []


def test_json_ld_leaves_out_what_the_export_cannot_hold(profile, tmp_path, client):
    # The live page names the photo's thumbnail, whose file is then lost.
    soup = BeautifulSoup(client.get(profile.get_absolute_url()).content, "html.parser")
    assert json_ld_blocks(soup)[0]["mainEntity"]["image"].startswith("http://testserver/media/")
    for thumbnail in (tmp_path / "media/CACHE").glob("**/ada*.webp"):
        thumbnail.unlink()

    with pytest.raises(IncompleteExport):
        export(profile, tmp_path / "site")
    soup = BeautifulSoup((tmp_path / "site/index.html").read_text(), "html.parser")
    person = json_ld_blocks(soup)[0]["mainEntity"]
    # No photo: no "image", rather than the home page or "" in its place.
    assert "image" not in person
    assert person["url"] == "index.html"


def test_single_file_json_ld_uses_the_base_url_and_leaves_out_pages_it_lacks(profile, tmp_path):
    out = export(
        profile, tmp_path / "ada.html", single_file=True, base_url="https://ada.example.org/"
    )
    soup = BeautifulSoup(out.read_text(), "html.parser")
    blocks = json_ld_blocks(soup)
    page = blocks[0]
    assert page["url"] == "https://ada.example.org/"
    assert page["mainEntity"]["url"] == "https://ada.example.org/"
    # The photo is inside the file and the paper pages are not: no URL for either.
    assert "image" not in page["mainEntity"]
    articles = blocks[1]
    assert [article["headline"] for article in articles] == [
        "Hearing Things",
        "Seeing Things",
        "Seeing Things",
    ]
    assert not any("url" in article for article in articles)
    assert '""' not in json.dumps(blocks)


def read_xml(path):
    return ElementTree.fromstring(path.read_bytes())  # noqa: S314 - our own export


def test_a_site_of_more_than_50000_pages_gets_a_sitemap_index(profile, tmp_path, monkeypatch):
    monkeypatch.setattr("profiles.export.exporter.SITEMAP_URLS", 2)
    out = export(profile, tmp_path / "site", base_url="https://ada.github.io/site/")

    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = read_xml(out / "sitemap.xml")
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", namespace)]
    # Five pages: the profile, its list and three papers.
    assert parts == [f"https://ada.github.io/site/sitemap-{n}.xml" for n in (1, 2, 3)]
    urls = []
    for number in (1, 2, 3):
        urlset = read_xml(out / f"sitemap-{number}.xml")
        urls += [loc.text for loc in urlset.findall("s:url/s:loc", namespace)]
    assert sorted(urls) == sorted(
        f"https://ada.github.io/site/{page}"
        for page in [
            "",
            "publications/",
            "papers/seeing-things/",
            "papers/seeing-things-2/",
            "papers/hearing-things/",
        ]
    )


def test_the_plan_holds_each_paper_under_its_current_slug_only(profile):
    seeing, seeing_again, hearing = (
        listing.publication for listing in profile.listings.order_by("publication_id")
    )
    plan = plan_profile(profile, base_url=None)

    assert plan.locate(seeing.get_absolute_url()) == "papers/seeing-things/index.html"
    assert plan.locate(seeing_again.get_absolute_url()) == "papers/seeing-things-2/index.html"
    assert plan.locate(hearing.get_absolute_url()) == "papers/hearing-things/index.html"
    # A link with an earlier title's slug (the live site redirects it) is not a page here.
    assert plan.locate(f"/papers/{hearing.pk}/listening-to-things/") is None
    assert plan.locate(f"/papers/{hearing.pk + 1000}/hearing-things/") is None


def test_a_paper_renamed_during_the_export_is_a_one_line_error(profile, tmp_path):
    plan = plan_profile(profile, base_url=None)
    paper = profile.listings.get(publication__title="Hearing Things").publication
    paper.title = "Listening to Things"
    paper.save()

    with open_output(tmp_path / "site") as writer:
        exporter = Exporter(plan=plan, writer=writer, renderer=PageRenderer())
        with pytest.raises(ExportError, match=f"The paper {paper.pk} was changed or deleted"):
            exporter.export_pages()


def test_exporting_twice_gives_byte_identical_folders(profile, tmp_path):
    first = folder_bytes(export(profile, tmp_path / "one"))
    second = folder_bytes(export(profile, tmp_path / "two"))

    assert first == second


def test_exporting_twice_gives_byte_identical_zips_with_fixed_dates(profile, tmp_path):
    first = export(profile, tmp_path / "one.zip").read_bytes()
    second = export(profile, tmp_path / "two.zip").read_bytes()

    assert first == second
    with zipfile.ZipFile(tmp_path / "one.zip") as archive:
        infos = archive.infolist()
        assert "index.html" in archive.namelist()
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.external_attr >> 16 & 0o777 for info in infos} == {0o644}


def test_unpublished_profile_is_refused_unless_drafts_are_included(profile, tmp_path):
    profile.is_published = False
    profile.save()

    with pytest.raises(ExportError, match="not published; use --include-draft"):
        export(profile, tmp_path / "site")
    export(profile, tmp_path / "draft", include_draft=True)
    assert "Ada Researcher" in (tmp_path / "draft/index.html").read_text()


def test_non_empty_folder_is_refused_unless_forced(profile, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "CNAME").write_text("ada.example.org")

    with pytest.raises(ExportError, match="is not empty; use --force"):
        export(profile, out)
    export(profile, out, force=True)
    assert (out / "index.html").is_file()
    assert (out / "CNAME").read_text() == "ada.example.org"


def test_a_file_where_the_export_needs_a_folder_is_a_one_line_error(profile, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "papers").write_text("not a folder")

    with pytest.raises(ExportError, match=r"^Cannot write .*/site/papers/[a-z-]+/index\.html: "):
        export(profile, out, force=True)


def test_exporting_again_into_the_folder_touches_only_what_changed(profile, tmp_path):
    out = export(profile, tmp_path / "site")
    files = [path for path in out.rglob("*") if path.is_file()]
    for path in files:
        os.utime(path, (0, 0))
    paper = profile.listings.get(publication__title="Hearing Things").publication
    paper.abstract = "A new abstract."
    paper.save()

    export(profile, out, force=True)

    touched = {str(path.relative_to(out)) for path in files if path.stat().st_mtime != 0}
    assert "papers/hearing-things/index.html" in touched
    assert "A new abstract." in (out / "papers/hearing-things/index.html").read_text()
    assert "papers/seeing-things/index.html" not in touched
    assert not any(name.startswith(("static/", "media/")) for name in touched)
    assert folder_bytes(out) == folder_bytes(export(profile, tmp_path / "fresh"))


def test_existing_zip_is_replaced_only_when_forced(profile, tmp_path):
    out = tmp_path / "site.zip"
    out.write_bytes(b"old")

    with pytest.raises(ExportError, match="already exists; use --force"):
        export(profile, out)
    export(profile, out, force=True)
    assert zipfile.is_zipfile(out)


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing/site.zip", "does not exist"), ("afile/site", "Cannot create the folder")],
)
def test_output_path_that_cannot_be_written_is_a_one_line_error(profile, tmp_path, name, message):
    (tmp_path / "afile").write_text("a file, not a folder")

    with pytest.raises(ExportError, match=message) as error:
        export(profile, tmp_path / name)
    assert "\n" not in str(error.value)


def recording(init, instances):
    def record(self, *args, **kwargs):
        init(self, *args, **kwargs)
        instances.append(self)

    return record


@pytest.mark.parametrize("failing", ["writestr", "close"])
def test_a_full_disk_is_a_one_line_error_and_leaves_no_partial_zip(
    profile, tmp_path, monkeypatch, failing
):
    # A full disk fails a write of an entry, or the last write: the zip's directory.
    original = getattr(zipfile.ZipFile, failing)
    ours = []
    monkeypatch.setattr(ZipOutput, "__init__", recording(ZipOutput.__init__, ours))

    def no_space(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if ours and self is ours[0]._zip and failing not in ours:  # once
            ours.append(failing)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(zipfile.ZipFile, failing, no_space)
    folder = tmp_path / "out"
    folder.mkdir()

    with pytest.raises(ExportError) as error:
        export(profile, folder / "site.zip")
    assert str(error.value) == f"Cannot write {folder / 'site.zip'}: No space left on device."
    assert list(folder.iterdir()) == []


def test_interrupted_export_leaves_no_zip_under_the_final_name(profile, tmp_path, monkeypatch):
    from profiles.export.exporter import Exporter

    original = Exporter.render_page
    calls = []

    def fail_on_third_page(self, live_path, file_path):
        calls.append(live_path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return original(self, live_path, file_path)

    monkeypatch.setattr(Exporter, "render_page", fail_on_third_page)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(KeyboardInterrupt):
        export(profile, folder / "site.zip")

    assert len(calls) == 3
    assert list(folder.iterdir()) == []


def test_missing_image_is_reported_by_name_and_the_rest_is_exported(profile, tmp_path):
    teaser = profile.listings.order_by("publication_id").first().publication.teaser
    teaser.storage.delete(teaser.name)

    with pytest.raises(IncompleteExport) as error:
        export(profile, tmp_path / "site")

    assert "teaser0" in str(error.value)
    assert (tmp_path / "site/index.html").is_file()
    assert walk_references(tmp_path / "site") == []


def test_single_file_is_self_contained(profile, tmp_path):
    out = export(profile, tmp_path / "ada.html", single_file=True)

    soup = BeautifulSoup(out.read_text(), "html.parser")
    assert soup.find("style") is not None
    assert "#c0ffee" in out.read_text().lower(), "the theme's accent colour is inlined"
    assert soup.find("link", rel="stylesheet") is None
    for element in soup.find_all(src=True):
        assert element["src"].startswith("data:"), element
    for anchor in soup.find_all("a", href=True):
        assert anchor["href"].startswith(("#", "data:", "https:", "mailto:")), anchor
    assert EMAIL not in out.read_text()
    assert server_names_in(out.parent) == []
    # site.js, deferred on the live page, stays deferred inline: a module script.
    (script,) = soup.find_all("script", type=lambda value: value != "application/ld+json")
    assert script["type"] == "module" and "revealEmails" in script.string


def test_single_file_needs_an_html_name(profile, tmp_path):
    with pytest.raises(ExportError, match=r"does not end in \.html"):
        export(profile, tmp_path / "ada.zip", single_file=True)


def test_export_site_command_writes_every_published_profile_with_plain_progress(
    profile, coauthor, tmp_path
):
    pf.ProfileFactory(slug="hidden-draft", is_published=False)
    stdout, stderr = StringIO(), StringIO()

    call_command("export_site", out=str(tmp_path / "site"), stdout=stdout, stderr=stderr)

    out = tmp_path / "site"
    assert (out / "index.html").is_file()
    assert (out / "ada-researcher/index.html").is_file()
    assert (out / "grace-hopper/index.html").is_file()
    assert not (out / "hidden-draft").exists()
    assert walk_references(out) == []
    paper = BeautifulSoup((out / "papers/seeing-things/index.html").read_text(), "html.parser")
    assert paper.find("a", href="../../grace-hopper/index.html")
    assert "\r" not in stderr.getvalue()
    assert stderr.getvalue().splitlines()[-1].endswith("pages")
    # No server answers ?q= on a static site: the directory's search is hidden; the
    # publication list's filters are applied by site.js within the page.
    directory = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    assert directory.select_one('form[role="search"]').has_attr("hidden")
    listing = (out / "ada-researcher/publications/index.html").read_text()
    filters = BeautifulSoup(listing, "html.parser").select_one("form.filters")
    assert filters["action"] == "index.html" and not filters.has_attr("hidden")


def test_progress_is_a_bar_on_a_terminal():
    from profiles.export.progress import Progress

    written = []
    progress = Progress(written.append, terminal=True)
    for done in range(1, 4):
        progress(done, 3)

    assert written[0].startswith("\r[")
    assert written[-1].endswith("3/3 pages\n")


def test_export_profile_command_reports_missing_images_and_exits_non_zero(profile, tmp_path):
    from django.core.management.base import CommandError

    profile.photo.storage.delete(profile.photo.name)

    with pytest.raises(CommandError, match=r"media/photos/ada\.png \(missing\)"):
        call_command(
            "export_profile",
            profile.slug,
            format="html",
            out=str(tmp_path / "site"),
            stdout=StringIO(),
        )
    assert (tmp_path / "site/index.html").is_file()


def test_export_site_command_refuses_a_non_empty_folder_in_one_line(profile, tmp_path):
    from django.core.management.base import CommandError

    (tmp_path / "site").mkdir()
    (tmp_path / "site/notes.txt").write_text("mine")

    with pytest.raises(CommandError, match="is not empty; use --force") as error:
        call_command("export_site", out=str(tmp_path / "site"), stdout=StringIO())
    assert "\n" not in str(error.value)


def test_site_export_holds_every_directory_page_once(tmp_path):
    pf.ProfileFactory.create_batch(25)  # the directory shows 24 a page

    call_command("export_site", out=str(tmp_path / "site.zip"), stdout=StringIO(), verbosity=0)
    call_command("export_site", out=str(tmp_path / "site"), stdout=StringIO(), verbosity=0)

    with zipfile.ZipFile(tmp_path / "site.zip") as archive:
        names = archive.namelist()
    assert len(names) == len(set(names))
    assert "page/2/index.html" in names
    assert walk_references(tmp_path / "site") == []


def test_pages_cached_for_live_visitors_do_not_leak_the_live_host_into_the_export(
    profile, tmp_path, client
):
    paper = profile.listings.order_by("publication_id").first().publication
    for path in [profile.get_absolute_url(), paper.get_absolute_url()]:
        assert client.get(path).status_code == 200  # now in the page cache

    out = export(profile, tmp_path / "site")

    assert server_names_in(out) == []
    assert "export.invalid" not in client.get(profile.get_absolute_url()).content.decode()


@pytest.mark.parametrize("suffix", ["", ".zip"])
def test_an_export_from_remembered_pages_equals_a_fresh_one(profile, tmp_path, suffix, monkeypatch):
    from django.core.cache import cache

    from profiles.export.exporter import FolderLinks

    def contents(out):
        return out.read_bytes() if suffix else folder_bytes(out)

    export(profile, tmp_path / f"first{suffix}")
    rewritten = []
    original = FolderLinks.rewrite
    monkeypatch.setattr(
        FolderLinks, "rewrite", lambda self, text: rewritten.append(1) or original(self, text)
    )
    remembered = contents(export(profile, tmp_path / f"remembered{suffix}"))
    assert rewritten == [], "the second export took every page from the cache"
    cache.clear()
    fresh = contents(export(profile, tmp_path / f"fresh{suffix}"))

    assert remembered == fresh


def test_an_edit_reaches_the_next_export_through_the_remembered_pages(profile, tmp_path):
    export(profile, tmp_path / "before")
    paper = profile.listings.get(publication__title="Hearing Things").publication
    paper.title = "Listening to Things"
    paper.save()

    out = export(profile, tmp_path / "after")

    assert (out / "papers/listening-to-things/index.html").is_file()
    assert "Listening to Things" in visible_text((out / "index.html").read_text())
    assert "Hearing Things" not in visible_text((out / "publications/index.html").read_text())


def test_a_remembered_page_whose_image_is_lost_is_rewritten_without_it(profile, tmp_path):
    first = export(profile, tmp_path / "first")
    page = BeautifulSoup((first / "papers/hearing-things/index.html").read_text(), "html.parser")
    thumbnail = page.find("figure", class_="paper-teaser").img["src"]
    name = thumbnail.split("media/", 1)[1]
    profile.photo.storage.delete(name)

    with pytest.raises(IncompleteExport, match=re.escape(f"media/{name} (missing)")):
        export(profile, tmp_path / "second")

    page = BeautifulSoup(
        (tmp_path / "second/papers/hearing-things/index.html").read_text(), "html.parser"
    )
    assert page.select("figure.paper-teaser img") == []
    assert walk_references(tmp_path / "second") == []
