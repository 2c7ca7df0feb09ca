"""schema.org JSON-LD for profile pages, serialised so user text cannot end the script."""

import json

from django.utils.safestring import mark_safe

from .presentation import safe_url, same_as

# json.dumps leaves <, > and & alone; inside <script> "</script>" would end the block.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def json_ld(data):
    """JSON for a ``<script type="application/ld+json">`` block, marked safe."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_SAFE))


def profile_page(profile, *, url, image_url=""):
    """A ProfilePage whose mainEntity is the researcher."""
    person = {"@type": "Person", "name": profile.name, "url": url}
    if profile.native_name:
        person["alternateName"] = profile.native_name
    if profile.headline:
        person["jobTitle"] = profile.headline
    if profile.affiliation:
        affiliation = {"@type": "Organization", "name": profile.affiliation}
        if safe_url(profile.affiliation_url):
            affiliation["url"] = safe_url(profile.affiliation_url)
        person["affiliation"] = affiliation
    if image_url:
        person["image"] = image_url
    if profile.interests:
        person["knowsAbout"] = list(profile.interests)
    links = same_as(profile)
    if links:
        person["sameAs"] = links
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": url,
        "dateModified": profile.updated_at.isoformat(),
        "mainEntity": person,
    }
