"""Interwiki prefixes and their URLs in the HTML and Markdown renderers.

MediaWiki makes ``[[prefix:Page]]`` an interwiki link only when its interwiki table has the
prefix, with the URL it gives; any other prefix is part of a title of the wiki itself.  The
oracle (MediaWiki 1.39, whose table has ``google`` but no ``phab`` and no languages) renders
``[[google:foo]]`` as ``https://www.google.com/search?q=foo`` (class ``extiw``), and
``[[phab:T123|x]]``, ``[[phab: T1]]`` and ``[[:fr:Foo]]`` as links to its own pages
``Phab:T123``, ``Phab: T1`` and ``Fr:Foo`` (red: they do not exist).
"""

from __future__ import annotations

import attrs
import pytest

import wikiparse
from wikiparse.config import (
    DEFAULT_CONFIG,
    INTERLANGUAGE_PREFIXES,
    INTERWIKI_PREFIXES,
    INTERWIKI_URLS,
)

#: A wiki that knows the prefixes but has no URL for them.
NO_URLS = attrs.evolve(DEFAULT_CONFIG, interwiki_urls={})


def test_every_prefix_of_the_default_config_has_a_url() -> None:
    missing = (INTERWIKI_PREFIXES | INTERLANGUAGE_PREFIXES) - set(INTERWIKI_URLS)
    assert missing == set()
    assert INTERWIKI_URLS["be-x-old"] == "https://be-tarask.wikipedia.org/wiki/$1"


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("[[google:foo]]", "https://www.google.com/search?q=foo"),
        ("[[phab:T123|x]]", "https://phabricator.wikimedia.org/T123"),
        ("[[:fr:Foo]]", "https://fr.wikipedia.org/wiki/Foo"),
    ],
)
def test_default_prefixes_link_to_the_other_wiki(text: str, href: str) -> None:
    assert f'<a href="{href}" class="extiw"' in wikiparse.to_html(text, title="P")
    assert f"]({href})" in wikiparse.to_markdown(text)


@pytest.mark.parametrize(
    ("text", "title", "label"),
    [("[[phab:T123|x]]", "Phab:T123", "x"), ("[[:fr:Foo]]", "Fr:Foo", "fr:Foo"), ("[[phab: T1]]", "Phab: T1", "phab: T1")],
)
def test_a_prefix_without_a_url_is_a_page_of_the_wiki(text: str, title: str, label: str) -> None:
    url = title.replace(" ", "_")
    html = wikiparse.to_html(text, title="P", config=NO_URLS)
    assert html == f'<p><a href="/wiki/{url}" title="{title}">{label}</a>\n</p>'
    red = wikiparse.to_html(text, title="P", config=NO_URLS, page_exists=lambda _t: False)
    assert f'title={url}&amp;action=edit&amp;redlink=1" class="new" title="{title} (page does not exist)"' in red
    assert wikiparse.to_markdown(text, config=NO_URLS, interwiki={}).strip() == f"[{label}](/wiki/{url})"


def test_an_options_table_without_the_prefix_makes_a_page_of_the_wiki_in_html() -> None:
    html = wikiparse.to_html("[[wikt:foo]] [[x:y]]", title="P", interwiki={"x": "http://x/$1"})
    assert '<a href="/wiki/Wikt:foo" title="Wikt:foo">wikt:foo</a>' in html
    assert '<a href="http://x/y" class="extiw" title="x:y">x:y</a>' in html
