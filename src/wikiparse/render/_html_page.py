"""``standalone=True``: a complete HTML document that looks like a wiki article."""

from __future__ import annotations

from collections.abc import Callable

from ._html_text import escape_attr, escape_text

__all__ = ["standalone_page"]

_CSS = """
body{margin:0;background:#f8f9fa;color:#202122;font-family:sans-serif;line-height:1.6}
main{max-width:960px;margin:0 auto;padding:1em 2em;background:#fff;border:1px solid #a7d7f9}
h1.firstHeading{font-family:Georgia,serif;font-weight:normal;border-bottom:1px solid #a2a9b1}
.mw-heading2 h2{font-family:Georgia,serif;font-weight:normal;border-bottom:1px solid #a2a9b1}
.mw-heading{display:flex;align-items:baseline;gap:.5em}.mw-heading h2,.mw-heading h3{margin:.6em 0 .2em}
.mw-editsection{font-size:small;color:#54595d}a{color:#0645ad;text-decoration:none}
a.new{color:#d73333}a.external{color:#36b}
.toc{display:inline-block;border:1px solid #a2a9b1;background:#f8f9fa;padding:.5em 1em}
.toc ul{list-style:none;margin:0;padding-left:1.2em}.toctitle h2{font-size:100%;margin:0}
.tocnumber{color:#202122;padding-right:.3em}
figure{margin:.5em 0 1.3em 1.4em;border:1px solid #c8ccd1;padding:3px;background:#f8f9fa;display:table}
figure[typeof~="mw:File/Thumb"],figure[typeof~="mw:File/Frame"],figure.mw-halign-right{float:right;clear:right}
figure.mw-halign-left{float:left;clear:left;margin:.5em 1.4em 1.3em 0}
figure.mw-halign-center{float:none;margin:.5em auto 1.3em}figure.mw-halign-none{float:none;margin-left:0}
figure.mw-default-size img{width:220px;height:auto}img{max-width:100%;height:auto}
figcaption{font-size:90%;padding:3px;display:table-caption;caption-side:bottom}
table.wikitable{border-collapse:collapse;background:#f8f9fa}
.wikitable td,.wikitable th{border:1px solid #a2a9b1;padding:.2em .4em}
pre{background:#f8f9fa;border:1px solid #eaecf0;padding:1em;white-space:pre-wrap}
sup.reference{font-size:80%}ol.references{font-size:90%}
.catlinks{margin-top:2em;border:1px solid #a2a9b1;background:#f8f9fa;padding:.3em .6em}
.catlinks ul{display:inline;padding:0}.catlinks li{display:inline;margin-right:1em}
"""


def standalone_page(
    body: str,
    *,
    title: str,
    categories: list[tuple[str, str | None]],
    article_url: Callable[[str], str],
    language: str = "en",
    direction: str = "ltr",
    category_namespace: str = "Category",
) -> str:
    """Wrap a rendered body in ``<!DOCTYPE html>`` with a title, stylesheet and category box.

    The page and the content carry the wiki's content language and direction, as MediaWiki's
    ``<div class="mw-content-rtl mw-parser-output" lang="ar" dir="rtl">`` does."""
    cats = ""
    if categories:
        links = "".join(
            f'<li><a href="{escape_attr(article_url(f"{category_namespace}:{name}"))}">'
            f"{escape_text(name)}</a></li>"
            for name, _key in categories
        )
        cats = f'<div class="catlinks">Categories: <ul>{links}</ul></div>'
    heading = f'<h1 class="firstHeading">{escape_text(title)}</h1>' if title else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{escape_attr(language)}" dir="{direction}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape_text(title or 'Untitled')}</title>\n<style>{_CSS}</style>\n</head>\n"
        f'<body>\n<main>\n{heading}\n<div class="mw-content-{direction} mw-parser-output" '
        f'lang="{escape_attr(language)}" dir="{direction}">\n{body}\n</div>\n'
        f"{cats}\n</main>\n</body>\n</html>\n"
    )
