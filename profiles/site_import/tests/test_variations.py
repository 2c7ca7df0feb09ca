"""A synthetic repository per generator, made of the front-matter variations each
generator's own documentation and example content allow: lists or strings, missing or
partial dates, integer years, drafts, empty values, TOML front matter, old and new
layouts. Each imports without error; what cannot be imported is reported, not fatal."""

import pytest
from django.core.management import call_command

from profiles.models import Profile
from profiles.site_import.services import read_repository
from profiles.tests.factories import image_file
from publications.models import ProfilePublication


def write(root, files):
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


def png():
    return image_file("a.png").read()


ACADEMICPAGES = {
    "_config.yml": (
        'name: &name "Ada Lovelace"\nurl: https://ada.github.io\nbaseurl: ""\nauthor:\n'
        '  avatar: "profile.png"\n  name: *name\n  pronouns:\n  bio: "Analyst"\n'
        '  email: "ada@example.org"\n  googlescholar: "https://scholar.google.com/citations?user=x"\n'
        '  github: ada\n  twitter: "@ada"\n  orcid: "https://orcid.org/0000-0002-1825-0097"\n'
        "  facebook: ada\n  linkedin:\n"
    ),
    "images/profile.png": b"",
    "_pages/about.md": "---\npermalink: /\nauthor_profile: true\n---\n\nHello {{ site.title }}.\n",
    "_publications/2009-10-01-paper-1.md": (
        '---\ntitle: "Paper with a string of authors"\ncollection: publications\n'
        "category: manuscripts\npermalink: /publication/x\nexcerpt: 'Short.'\ndate: 2009-10-01\n"
        "venue: 'Journal 1'\nslidesurl: 'http://ada.github.io/files/slides1.pdf'\n"
        "paperurl: 'http://ada.github.io/files/paper1.pdf'\ncitation: 'Your Name, You. (2009).'\n"
        "authors: Ada Lovelace and Charles Babbage\n---\nAbstract here.\n"
    ),
    "_publications/2010-paper-2.md": (
        "---\ntitle: 'Paper with a list of authors and an integer year'\ndate: 2010\n"
        "authors:\n  - '**Ada Lovelace***'\n  - Charles Babbage*\nvenue: 'Proc. of X'\n"
        "excerpt: # empty\n---\n"
    ),
    "_publications/paper-3.md": (
        "---\ntitle: 'Paper without a date or authors'\nvenue: arXiv\n"
        "citation: 'Ada Lovelace, Mary Somerville (2011). &quot;Paper&quot;'\n---\n"
    ),
    "_publications/2012-01-01-draft.md": "---\ntitle: A draft\npublished: false\n---\n",
    "_publications/no-title.md": "---\nvenue: X\n---\n",
    "_publications/bad-yaml.md": "---\ntitle: [unclosed\n---\n",
    "_publications/2013-embedded.md": (
        "---\ntitle: 'Embedded BibTeX paper'\ndate: 2013-05-01\nbib_entry: |\n"
        "  @article{a13, author = {Lovelace, Ada and Somerville, Mary}, title = {Embedded BibTeX"
        " paper}, journal = {Nature}, year = {2013}, doi = {10.1000/xyz123},"
        " pdf = {https://x.org/a.pdf}}\n---\n"
    ),
    "_talks/2012-03-01-talk-1.md": (
        '---\ntitle: "A real talk"\ncollection: talks\ntype: "Talk"\nvenue: "UCL"\n'
        "date: 2012-03-01\nlocation: London\n---\nSlides [here](http://x.org/s.pdf).\n"
    ),
    "_talks/undated.md": "---\ntitle: Undated talk\n---\n",
    "_teaching/2014-spring-teaching-1.md": "---\ntitle: Real course\ntype: Undergraduate course\n---\n",  # noqa: E501
    "_posts/2020-01-02-hello.md": "---\ntitle: Hello world\n---\nPost.\n",
    "_pages/cv.md": (
        "---\ntitle: CV\n---\n{% include base_path %}\n\nEducation\n======\n"
        "* Ph.D in Mathematics, University of London, 1840\n* Not dated degree\n\n"
        "Work experience\n======\n* 1843--now: Analyst, Analytical Engine Co\n"
        "  * Advisor: Charles Babbage\n\nAwards\n======\n* Medal, 1850\n\nSkills\n======\n* Notes\n"
    ),
    "_data/navigation.yml": "main:\n  - title: Extra\n    url: /extra/\n",
    "_pages/extra.md": "---\ntitle: Extra page\npermalink: /extra/\n---\nSome **text**.\n",
    "_pages/hidden.md": "---\ntitle: Hidden\npermalink: /hidden/\n---\nNot in the menu.\n",
}

ALFOLIO = {
    "_config.yml": (
        "first_name: Ada\nmiddle_name:\nlast_name: Lovelace\nemail: ada@example.org\n"
        "url: https://ada.github.io\nscholar_userid: abc\ngithub_username: ada\n"
        "x_username:\norcid_id: 0000-0002-1825-0097\n"
    ),
    "_data/socials.yml": "bluesky_url: https://bsky.app/profile/ada\nlinkedin_username: ada\n",
    "_pages/about.md": (
        "---\nlayout: about\ntitle: About\npermalink: /\nsubtitle: <b>Analyst</b>\n"
        "profile:\n  align: right\n  image: prof_pic.jpg\n  more_info: >\n    <p>London</p>\n"
        "news: true\nselected_papers: true\n---\nI study {% if x %}engines{% endif %}.\n"
    ),
    "assets/img/prof_pic.jpg": b"",
    "_news/announcement_1.md": "---\nlayout: post\ndate: 2015-10-22 15:59:00-0400\ninline: true\n---\nA **news** item.\n",  # noqa: E501
    "_news/announcement_2.md": (
        "---\nlayout: post\ntitle: A long announcement\ndate: 2015-11-07\ninline: false\n---\nLong text.\n"  # noqa: E501
    ),
    "_news/undated.md": "---\ninline: true\n---\nNo date.\n",
    "_bibliography/papers.bib": (
        "---\n---\n@string{aps = {American Physical Society,}}\n"
        "@article{a, title={One}, author={Lovelace, Ada and Babbage, C.}, journal={Nature},"
        " year={1843}, abbr={Nature}, selected={true}, preview={one.png}, pdf={one.pdf},"
        " code={https://github.com/ada/one}, bibtex_show={true}}\n"
        "@book{b, title={Two}, author={Ada Lovelace}, publisher=aps, year={1850}}\n"
        "@misc{broken, title={No closing brace\n"
    ),
    "assets/img/publication_preview/one.png": b"",
    "_data/cv.yml": (
        "- title: General Information\n  type: map\n  contents:\n    - name: Full Name\n"
        "      value: Ada Lovelace\n- title: Education\n  type: time_table\n  contents:\n"
        "    - title: PhD\n      institution: University of London\n      year: 1840\n"
        "      description:\n        - Thesis.\n        - title: Nested\n          contents:\n"
        "            - Sub.\n    - title: Undated\n      institution: X\n"
        "- title: Experience\n  type: time_table\n  contents:\n    - title: Analyst\n"
        "      institution: Engine Co\n      year: 1843 - 1852\n"
        "- title: Honors and Awards\n  type: time_table\n  contents:\n    - year: 1850\n"
        "      items:\n        - Medal\n- title: Other Interests\n  type: list\n  contents:\n"
        "    - <u>Hobbies:</u> Poetry\n"
    ),
    "assets/json/resume.json": (
        '{"basics": {"name": "Ada Lovelace"}, "work": [{"name": "Engine Co", "position": '
        '"Analyst", "startDate": "1843-01-01"}, {"name": "No start"}], "awards": '
        '[{"title": "Medal", "date": "1850-01-01", "awarder": "Society"}]}'
    ),
    "_projects/1_project.md": "---\ntitle: project 1\ndescription: example\n---\n",
    "_projects/engine.md": "---\ntitle: The Engine\ndescription: A computer\nimportance: 1\n---\n",
}

HUGOBLOX = {
    "config/_default/hugo.yaml": "baseURL: https://ada.example.org/\ntitle: Ada\n",
    "content/authors/admin/_index.md": (
        '+++\ntitle = "Ada Lovelace"\nrole = "Analyst"\nsuperuser = true\n'
        'bio = "Short bio."\ninterests = ["Engines", "Poetry"]\n'
        '[[organizations]]\nname = "Engine Co"\nurl = "https://engine.example.org"\n'
        '[education]\n[[education.courses]]\ncourse = "PhD in Mathematics"\n'
        'institution = "University of London"\nyear = 1840\n'
        '[[social]]\nicon = "envelope"\nicon_pack = "fas"\nlink = "mailto:ada@example.org"\n'
        '[[social]]\nicon = "github"\nicon_pack = "fab"\nlink = "https://github.com/ada"\n'
        '+++\n\nLong **bio** {{< icon name="x" >}}.\n'
    ),
    "content/authors/admin/avatar.png": b"",
    "data/authors/other.yaml": "name:\n  display: Someone Else\n",
    "content/experience.md": (
        "---\nsections:\n  - block: experience\n    content:\n      items:\n"
        "        - title: Analyst\n          company: Engine Co\n          date_start: '1843-01-01'\n"  # noqa: E501
        "          date_end: ''\n          description: Engines.\n---\n"
    ),
    "content/publication/conf/index.md": (
        "---\ntitle: 'An example conference paper'\nauthors:\n  - admin\n  - Robert Ford\n"
        "author_notes:\n  - 'Equal contribution'\ndate: '2013-07-01T00:00:00Z'\n"
        "publication_types: ['paper-conference']\npublication: In *Hugo Blox Conference*\n"
        "publication_short: In *ICW*\nabstract: Lorem.\nfeatured: true\nhugoblox:\n  ids:\n"
        "    doi: 10.5555/123456\nlinks:\n  - type: pdf\n    url: ''\n  - type: code\n"
        "    url: https://github.com/x\n  - type: preprint\n    provider: arxiv\n"
        "    id: 1512.04133v1\nurl_slides: https://x.org/s\n---\nText.\n"
    ),
    "content/publication/conf/featured.png": b"",
    "content/publication/old/index.md": (
        '+++\ntitle = "Old numeric type"\nauthors = ["Ada Lovelace", "B"]\n'
        'date = 2010-01-01\npublication_types = ["2"]\npublication = "Nature"\n+++\n'
    ),
    "content/publication/preprint/index.md": (
        "---\ntitle: Preprint without a date\nauthors: [me]\npublication_types: [article]\n---\n"
    ),
    "content/publication/draft/index.md": "---\ntitle: Draft\ndraft: true\n---\n",
    "content/publication/bib/index.md": "---\ntitle: From BibTeX\ndate: 2020-01-01\n---\n",
    "content/publication/bib/cite.bib": (
        "@article{c, title={From BibTeX}, author={Lovelace, Ada and Ford, Robert},"
        " author+an={1=highlight}, journal={Science}, year={2020}, doi={10.1000/abc},"
        " abstract={Long.}, url={https://x.org/p}}\n"
    ),
    "content/event/talk/index.md": (
        "---\ntitle: A talk\nevent: Conference\nevent_url: https://conf.org\nlocation: London\n"
        "date: '2017-01-01T00:00:00Z'\nsummary: About engines.\n---\n"
    ),
    "content/events/new/index.md": "---\ntitle: Newer layout talk\ndate: 2030-06-01\n---\n",
    "content/project/engine/index.md": "---\ntitle: Engine\nsummary: A computer.\ndate: 2016-04-27\n---\n",  # noqa: E501
    "content/post/hello/index.md": "---\ntitle: Hello\ndate: 2020-12-13\n---\nPost.\n",
    "content/post/undated/index.md": "---\ntitle: Undated\n---\n",
}


def materialise(tmp_path, files):
    files = {name: (png() if content == b"" else content) for name, content in files.items()}
    return write(tmp_path / "site", files)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (ACADEMICPAGES, {"publications": 3, "positions": 2, "awards": 1, "news": 1, "links": 4}),
        (ALFOLIO, {"news": 2, "positions": 3, "awards": 2, "links": 5}),
        (HUGOBLOX, {"publications": 3, "positions": 2, "news": 1, "links": 2}),
    ],
    ids=["academicpages", "al-folio", "hugoblox"],
)
def test_every_documented_variation_imports_without_error(tmp_path, files, expected):
    folder = materialise(tmp_path, files)
    reading = read_repository(folder)
    counts = reading.counts()
    assert {key: counts[key] for key in expected} == expected
    call_command("import_site", "ada", str(folder))
    profile = Profile.objects.get(slug="ada")
    assert profile.name == "Ada Lovelace"
    assert profile.photo  # the avatar, checked and re-encoded like an upload


@pytest.mark.django_db
def test_variations_report_what_is_left_out_and_why(tmp_path):
    notes = {
        note.path: note.detail
        for note in read_repository(materialise(tmp_path, ACADEMICPAGES)).notes
        if note.outcome == "left out"
    }
    assert notes["_publications/2012-01-01-draft.md"] == "a draft (published: false)"
    assert notes["_publications/no-title.md"] == "no title"
    assert "invalid YAML" in notes["_publications/bad-yaml.md"]
    assert "not linked from the site's menu" in notes["_pages/hidden.md"]


@pytest.mark.django_db
def test_alfolio_bibtex_fields_work_as_in_the_bibtex_import(tmp_path, client):
    call_command("import_site", "ada", str(materialise(tmp_path, ALFOLIO)))
    page = client.get("/ada/").content.decode()
    assert "The Engine" in page and "project 1" not in page
    paper = ProfilePublication.objects.get(profile__slug="ada", publication__title="One")
    assert paper.selected
    assert paper.publication.teaser  # preview={one.png} from assets/img/publication_preview
    assert paper.publication.venue == "Nature"
