"""Fetch public pages and parse them, for the view, rendering and cache tests."""

import json

from bs4 import BeautifulSoup


def get_page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def publication_titled(soup, title):
    for article in soup.select("article.publication"):
        if article.select_one(".pub-title").get_text(strip=True) == title:
            return article
    raise AssertionError(f"no publication titled {title!r}")


def author_texts(article):
    return [author.get_text("", strip=True) for author in article.select(".pub-authors .author")]


def json_ld_blocks(soup):
    return [json.loads(tag.string) for tag in soup.select('script[type="application/ld+json"]')]


def text_of(element):
    """The element's text as a reader sees it: whitespace runs collapsed."""
    return " ".join(element.get_text().split())
