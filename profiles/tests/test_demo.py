"""``manage.py demo``: loads the demo profiles with images and accounts, once."""

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from profiles.management.commands.demo import avatar, logo, teaser
from profiles.models import Position, Profile
from publications.models import Author, Authorship, Publication

pytestmark = pytest.mark.django_db


def snapshot(media_root):
    counts = {
        model.__name__: model.objects.count()
        for model in (Profile, Position, Publication, Author, Authorship, get_user_model())
    }
    files = sorted(
        (str(path.relative_to(media_root)), path.read_bytes())
        for path in Path(media_root).rglob("*")
        if path.is_file()
    )
    return counts, files


def run_demo():
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_loads_profiles_with_images_accounts_and_urls(media_root, monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.delenv("HOST", raising=False)
    output = run_demo()
    assert "Loaded the demo profiles: zeqing-wang, zikai-song, zixuan-tang." in output
    assert "Created the administrator: admin / " in output
    assert "http://127.0.0.1:8000/zikai-song/" in output
    assert "http://127.0.0.1:8000/admin/" in output
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    for profile in Profile.objects.all():
        assert profile.photo, profile.slug
        assert profile.user.username == profile.slug and profile.user.is_staff
        assert not profile.user.is_superuser
        assert f"Created the researcher account for {profile.name}: {profile.slug} / " in output
    assert all(position.logo for position in Position.objects.all())
    # zikai-song shows a teaser beside each of its 20 papers; the others have three each.
    assert Publication.objects.exclude(teaser="").count() == 26
    zikai = Profile.objects.get(slug="zikai-song")
    assert Publication.objects.listed_on(zikai).count() == 20


def test_printed_password_logs_the_admin_in(client):
    output = run_demo()
    line = next(
        line for line in output.splitlines() if line.startswith("Created the administrator")
    )
    password = line.rsplit(" / ", 1)[1]
    # Through the login form: login throttling (django-axes) judges every login by its request.
    response = client.post("/admin/login/", {"username": "admin", "password": password})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_demo_twice_changes_nothing(media_root):
    run_demo()
    before = snapshot(media_root)
    output = run_demo()
    assert "The demo profiles are already loaded; nothing to do." in output
    assert "Created" not in output
    assert snapshot(media_root) == before


def test_placeholder_images_are_deterministic_pngs():
    assert avatar("Zikai Song") == avatar("Zikai Song") != avatar("Zixuan Tang")
    assert logo("Jilin University") == logo("Jilin University")
    assert teaser("A title").startswith(b"\x89PNG") and teaser("A title") == teaser("A title")


def test_demo_prints_the_links_on_the_port_make_run_serves(media_root, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    output = run_demo()
    assert "http://127.0.0.1:8123/zikai-song/" in output
    assert "http://127.0.0.1:8123/admin/" in output
