"""Handler expansions that plain text renders without parsing them (``TextRenderer``'s
``read_expansion``: a plain reference as a gap, other text read as the prose reader reads it)
give exactly what the walk over their parse gives (``text_of(..., prose=False)`` parses every
expansion), wherever the template stands and whatever the options."""

from __future__ import annotations

import attrs
import pytest

from wikiparse.config import DEFAULT_CONFIG
from wikiparse.render.options import TextOptions
from wikiparse.render.text import text_of

#: What a handler may write: references (plain ones, and ones the parse must read), markup
#: the prose reader reads, and markup it refuses.
OUTPUTS = [
    '<ref name="FOOTNOTEA2000">A 2000, p.&nbsp;5.</ref>',
    "<ref>a</ref>",
    '<ref name="x" />',
    "<ref/>",
    "<ref name=a/>b</ref>",
    "<ref>[http://x.org]</ref>",
    "<ref>a [http://x.org y]</ref>",
    "<ref>a [[b|c]] d [e]</ref>",
    "<ref>[[a</ref>",
    "<ref>a]] [</ref>",
    "<ref>[http://x.org]</ref>[http://y.org]",
    "<ref>[HTTP://x.org ]</ref>",
    "<ref>a [[b]] [//x.org]</ref>",
    "<ref>[[a|[http://x.org]]]</ref>",
    "<REF>a</REF>",
    "<ref >a</ref >",
    "<ref>a</ref>b",
    "<ref>a<!-- c --></ref>",
    "<ref>a</ref><ref>b</ref>",
    "<ref\nname=a>b</ref>",
    "<references />",
    '<references group="a" />',
    "<references/>",
    "<REFERENCES />",
    "<references>",
    '<references group="a/>b" />',
    "<references\n/>",
    "<references />x",
    "''a'' [[b|c]] [http://x.org] d",
    "[http://x.org]",
    "'''a''",
    "a<sup>2</sup>",
    "ISBN 0-306-40615-2",
    "a &nbsp; b &bogus;",
    "-{a}-",
    "x\ny",
]

#: Where the template stands: prose, a table (dropped or written), a parsed rest part, a list
#: item, a link label, a heading, before a numbered link.
PLACES = [
    "Words {{h}} more.\n\nAfter [http://z.org].",
    "{|\n| a {{h}} b || c\n|}\nAfter [http://z.org].",
    "<div>{{h}}</div>\n\nAfter.",
    "* x {{h}}\n* y",
    "[[a|{{h}}]] and {{h}}.",
    "== a {{h}} ==\ntext",
    "{{h}}",
]

OPTIONS = [
    TextOptions(),
    TextOptions(tables=True),
    TextOptions(refs=True, tables=True),
    TextOptions(config=attrs.evolve(DEFAULT_CONFIG, extension_tags=DEFAULT_CONFIG.extension_tags - {"ref"})),
    TextOptions(config=attrs.evolve(DEFAULT_CONFIG, extension_tags=DEFAULT_CONFIG.extension_tags - {"references"})),
]


@pytest.mark.parametrize("options", OPTIONS, ids=["default", "tables", "refs", "no-ref-tag", "no-references-tag"])
@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("output", OUTPUTS)
def test_an_expansion_read_without_its_parse_reads_the_same(output: str, place: str, options: TextOptions) -> None:
    opts = attrs.evolve(options, handlers={"h": lambda call: output})
    assert text_of(place, opts) == text_of(place, opts, prose=False)


@pytest.mark.parametrize(
    ("wikitext", "expected"),
    [
        ("A claim.{{sfn|Smith|2001|p=5}} Next.", "A claim. Next."),
        ("A claim {{sfn|Smith|2001}}.", "A claim."),
        ("{|\n| cell {{sfn|Smith|2001}}.\n|}", "cell."),
        ("a {{lang|fr|''mot''}} b", "a mot b"),
    ],
)
def test_common_expansions_in_plain_text(wikitext: str, expected: str) -> None:
    options = TextOptions(tables=True)
    assert text_of(wikitext, options) == expected == text_of(wikitext, options, prose=False)
