"""A profile's slug proposed from its name, in any script."""

import pytest
from django.urls import reverse

from profiles.slugs import slug_from_name
from profiles.tests.admin_forms import make_cast


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("宋子恺", "song-zikai"),
        ("王泽清", "wang-zeqing"),
        ("Zikai Song", "zikai-song"),
        ("Jörg Stückler", "jorg-stuckler"),
        ("Дмитрий Иванов", "dmitriy-ivanov"),
        ("Ζωή Παπαδοπούλου", "zoi-papadopoyloy"),  # anyascii: letter by letter
        ("Zeqing Wang 王泽清", "zeqing-wang-wang-zeqing"),
        ("", ""),
        ("!!!", ""),
    ],
)
def test_slug_is_transliterated_from_the_name(name, slug):
    assert slug_from_name(name) == slug


@pytest.mark.django_db
def test_the_admin_proposes_a_slug_for_a_typed_name(client):
    cast = make_cast()
    url = reverse("admin:profiles_profile_slug")
    assert client.get(url, {"name": "宋子恺"}).status_code == 302  # login first
    client.force_login(cast.dana)
    assert client.get(url, {"name": "宋子恺"}).json() == {"slug": "song-zikai"}
    page = client.get(reverse("admin:profiles_profile_add")).content.decode()
    assert f'data-slug-url="{url}"' in page and "js/profile_slug.js" in page
