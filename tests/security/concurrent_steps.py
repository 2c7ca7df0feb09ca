"""Steps the concurrency tests run in separate processes, each with its own connection.

    python -m tests.security.concurrent_steps STEP [ARGS...]

with DATABASE_URL naming the database under test. Every step prints one JSON line.
"""

import json
import os
import sys
import time
from pathlib import Path


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()


def create_profile(username, slug, name):
    from profiles.models import Profile
    from profiles.tests.factories import UserFactory

    user = UserFactory(username=username)
    Profile.objects.create(user=user, slug=slug, name=name)
    return {"user": user.pk}


def counts():
    from django.db.models import Count

    from publications.models import Author, Authorship, ProfilePublication, Publication, Tag

    return {
        "papers": Publication.objects.count(),
        "authors": Author.objects.count(),
        "duplicate_author_names": Author.objects.values("name", "profile")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count(),
        "tags": Tag.objects.count(),
        "authorships": Authorship.objects.count(),
        "listings": ProfilePublication.objects.count(),
    }


def preview(username, slug, bib_path):
    """Upload a .bib on the import page as ``username``: the session and preview token."""
    from bs4 import BeautifulSoup
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    text = Path(bib_path).read_text(encoding="utf-8")
    response = client.post("/me/bibtex/", {"profile": slug, "text": text, "preview": "1"})
    soup = BeautifulSoup(response.content, "html.parser")
    token = soup.select_one("input[name=token]")["value"]
    return {"session": client.cookies["sessionid"].value, "token": token}


def confirm(session, token, go_file):
    """Press "Confirm" in the browser session ``session`` once ``go_file`` exists."""
    from bs4 import BeautifulSoup
    from django.test import Client

    client = Client()
    client.cookies["sessionid"] = session
    client.get("/me/bibtex/")  # connected and warmed up before the race starts
    while not Path(go_file).exists():
        time.sleep(0.005)
    response = client.post("/me/bibtex/confirm/", {"token": token}, follow=True)
    soup = BeautifulSoup(response.content, "html.parser")
    return {"messages": [item.get_text(" ", strip=True) for item in soup.select(".alert")]}


STEPS = {
    "create_profile": create_profile,
    "counts": counts,
    "preview": preview,
    "confirm": confirm,
}

if __name__ == "__main__":
    setup_django()
    step, *args = sys.argv[1:]
    print(json.dumps(STEPS[step](*args)))
