"""Template and parser-function expansion, as MediaWiki's preprocessor does it.

Expansion turns wikitext into expanded wikitext (what Special:ExpandTemplates shows); the
parser then reads the expanded text with braces taken as text.

>>> from wikiparse.expand import Wiki
>>> Wiki(pages={"Template:Hello": "Hi {{{1|there}}}"}).expand("{{Hello|you}}")
'Hi you'
"""

from ._expander import Expander, Frame, Limits
from ._sources import Segment, SourceMap
from ._store import DictStore, FolderStore, PageStore, SqliteStore
from ._wiki import ExpandResult, SiteInfo, Wiki

__all__ = [
    "DictStore",
    "ExpandResult",
    "Expander",
    "FolderStore",
    "Frame",
    "Limits",
    "PageStore",
    "Segment",
    "SiteInfo",
    "SourceMap",
    "SqliteStore",
    "Wiki",
]
