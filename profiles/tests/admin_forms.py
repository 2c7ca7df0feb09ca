"""Submit admin forms the way a browser does: read the page's form, change fields, post it."""

from types import SimpleNamespace

from bs4 import BeautifulSoup

from profiles.tests.factories import ProfileFactory, UserFactory, editors_group
from publications.tests.factories import make_publication


def form_fields(response, selector=None):
    """The values a browser would submit from the form on ``response``: the admin change
    form, or the one ``selector`` finds."""
    soup = BeautifulSoup(response.content, "html.parser")
    if selector is None:
        form = soup.find("form", id=lambda value: value and value.endswith("_form"))
    else:
        form = soup.select_one(selector)
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or "__prefix__" in name or field.get("type") in ("submit", "file"):
            continue
        if field.name == "textarea":
            data[name] = field.text.removeprefix("\n")
        elif field.name == "select":
            chosen = [option.get("value", "") for option in field.find_all("option", selected=True)]
            if field.has_attr("multiple"):
                data[name] = chosen
            elif chosen:
                data[name] = chosen[0]
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data


def inline_rows(data, prefix):
    """Row prefixes of one inline formset in ``data`` (e.g. ``authorships-0``)."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    return [f"{prefix}-{index}" for index in range(total)]


def error_texts(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [item.get_text(" ", strip=True) for item in soup.select(".errorlist li, .errornote")]


def make_cast():
    """The standard cast: alice owns profile A, bob (profile B) co-wrote a paper of A,
    charlie (profile C) shares nothing, dana is a profile editor, root a superuser."""
    alice = UserFactory(username="alice", is_staff=True)
    bob = UserFactory(username="bob", is_staff=True)
    charlie = UserFactory(username="charlie", is_staff=True)
    dana = UserFactory(username="dana", is_staff=True)
    dana.groups.add(editors_group())
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    profile_a = ProfileFactory(user=alice, slug="alice", name="Alice Ahn")
    profile_b = ProfileFactory(user=bob, slug="bob", name="Bob Baker")
    profile_c = ProfileFactory(user=charlie, slug="charlie", name="Charlie Cho")
    shared = make_publication(
        title="Shared Paper of Alice and Bob", authors=[profile_a, "Zoe Zhu", profile_b]
    )
    alice_only = make_publication(title="Alice Alone", authors=[profile_a])
    charlie_only = make_publication(title="Charlie Alone", authors=[profile_c, "Yan Yu"])
    return SimpleNamespace(**locals())
