"""Profile links from what the generators keep: URLs, user names and IDs, icon names."""

import re

from profiles.bundles import schema

# academicpages ``author:`` keys and al-folio ``_config.yml`` / ``_data/socials.yml`` keys:
# key -> (kind, label for "other", address pattern for a bare user name or ID).
SOCIAL_KEYS = {
    # academicpages
    "uri": ("website", "", "{}"),
    "googlescholar": ("google_scholar", "", "{}"),
    "orcid": ("orcid", "", "{}"),
    "semantic": ("semantic_scholar", "", "{}"),
    "researchgate": ("researchgate", "", "https://www.researchgate.net/profile/{}"),
    "github": ("github", "", "https://github.com/{}"),
    "linkedin": ("linkedin", "", "https://www.linkedin.com/in/{}"),
    "twitter": ("twitter", "", "https://x.com/{}"),
    "bluesky": ("bluesky", "", "https://bsky.app/profile/{}"),
    "mastodon": ("mastodon", "", "{}"),
    "dblp": ("dblp", "", "{}"),
    "arxiv": ("other", "arXiv", "{}"),
    "pubmed": ("other", "PubMed", "{}"),
    "impactstory": ("other", "Impactstory", "{}"),
    "bitbucket": ("other", "Bitbucket", "https://bitbucket.org/{}"),
    "codepen": ("other", "CodePen", "https://codepen.io/{}"),
    "kaggle": ("other", "Kaggle", "https://www.kaggle.com/{}"),
    "stackoverflow": ("other", "Stack Overflow", "https://stackoverflow.com/users/{}"),
    "youtube": ("other", "YouTube", "https://www.youtube.com/{}"),
    "wikipedia": ("other", "Wikipedia", "https://en.wikipedia.org/wiki/User:{}"),
    # al-folio
    "github_username": ("github", "", "https://github.com/{}"),
    "gitlab_username": ("other", "GitLab", "https://gitlab.com/{}"),
    "x_username": ("twitter", "", "https://x.com/{}"),
    "twitter_username": ("twitter", "", "https://x.com/{}"),
    "bluesky_url": ("bluesky", "", "{}"),
    "mastodon_username": ("mastodon", "", "https://{}"),
    "linkedin_username": ("linkedin", "", "https://www.linkedin.com/in/{}"),
    "scholar_userid": ("google_scholar", "", "https://scholar.google.com/citations?user={}"),
    "semanticscholar_id": ("semantic_scholar", "", "https://www.semanticscholar.org/author/{}"),
    "orcid_id": ("orcid", "", "{}"),
    "research_gate_profile": ("researchgate", "", "https://www.researchgate.net/profile/{}"),
    "dblp_url": ("dblp", "", "{}"),
    "openreview_id": ("openreview", "", "https://openreview.net/profile?id={}"),
    "work_url": ("website", "", "{}"),
    "blogger_url": ("other", "Blog", "{}"),
    "inspirehep_id": ("other", "INSPIRE", "https://inspirehep.net/authors/{}"),
    "scopus_id": ("other", "Scopus", "https://www.scopus.com/authid/detail.uri?authorId={}"),
    "wikidata_id": ("other", "Wikidata", "https://www.wikidata.org/wiki/{}"),
    "medium_username": ("other", "Medium", "https://medium.com/@{}"),
    "kaggle_id": ("other", "Kaggle", "https://www.kaggle.com/{}"),
    "youtube_id": ("other", "YouTube", "https://www.youtube.com/@{}"),
    "stackoverflow_id": ("other", "Stack Overflow", "https://stackoverflow.com/users/{}"),
    "osf_id": ("other", "OSF", "https://osf.io/{}/"),
    "zotero_username": ("other", "Zotero", "https://www.zotero.org/{}"),
}

# Hugo Blox / wowchemy icon names (with or without a pack prefix) -> link kind.
ICON_KINDS = {
    "at-symbol": "email", "envelope": "email", "email": "email",
    "github": "github", "linkedin": "linkedin", "x": "twitter", "twitter": "twitter",
    "bluesky": "bluesky", "mastodon": "mastodon", "google-scholar": "google_scholar",
    "orcid": "orcid", "researchgate": "researchgate", "semantic-scholar": "semantic_scholar",
    "dblp": "dblp", "openreview": "openreview", "cv": "cv", "globe": "website",
}  # fmt: skip
_HOSTS = [
    ("scholar.google.", "google_scholar"), ("github.com", "github"), ("orcid.org", "orcid"),
    ("linkedin.com", "linkedin"), ("twitter.com", "twitter"), ("x.com", "twitter"),
    ("bsky.app", "bluesky"), ("researchgate.net", "researchgate"),
    ("semanticscholar.org", "semantic_scholar"), ("dblp.", "dblp"),
    ("openreview.net", "openreview"),
]  # fmt: skip


def kind_for_url(url):
    if url.startswith("mailto:"):
        return "email"
    host = re.sub(r"^https?://(www\.)?", "", url).split("/", 1)[0].casefold()
    return next((kind for part, kind in _HOSTS if part in host), "")


def social_link(key, value):
    """A link dict for a social key and its value, or None when the key is unknown."""
    if key not in SOCIAL_KEYS:
        return None
    kind, label, pattern = SOCIAL_KEYS[key]
    value = str(value).strip()
    url = value if re.match(r"^(https?://|mailto:)", value) else pattern.format(value.lstrip("@"))
    if kind == "orcid":
        url = value
    link = {"kind": kind, "url": url}
    if label:
        link["label"] = label
    return link


def icon_link(icon, url, label=""):
    """A Hugo Blox link: its kind from the icon, else from the address."""
    name = str(icon or "").rsplit("/", 1)[-1].removeprefix("fa-").removeprefix("ai-").casefold()
    kind = ICON_KINDS.get(name) or kind_for_url(url)
    link = {"kind": kind or "other", "url": url}
    if kind in ("", "other") or (label and kind == "website"):
        link["label"] = label or name.replace("-", " ").title() or "Link"
    return link


def valid_link(link):
    """The link as the bundle schema cleans it, or (None, reason)."""
    issues = schema.Issues()
    try:
        cleaned = schema.LINK(link, "link", issues)
    except schema.Invalid as error:
        return None, str(error)
    if issues.items:
        return None, "; ".join(issue.message for issue in issues.items)
    return cleaned, ""


def add_links(reading, path, links):
    """Append valid, not yet present links to the reading's profile; report the rest."""
    present = reading.profile.setdefault("links", [])
    seen = {(link["kind"], link["url"].rstrip("/")) for link in present}
    for link in links:
        cleaned, problem = valid_link(link)
        if cleaned is None:
            reading.left_out(path, f"link {link.get('url')!r} not imported: {problem}")
            continue
        key = (cleaned["kind"], cleaned["url"].rstrip("/"))
        if key not in seen:
            seen.add(key)
            present.append(cleaned)
