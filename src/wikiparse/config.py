"""Per-wiki knowledge, in one frozen object.

Everything that differs between wikis (namespace names and aliases, extension tags, URL
protocols, magic words, the letters a link trail may take) lives here rather than in module
globals, so that one process can parse English and Bulgarian pages side by side.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

__all__ = ["DEFAULT_CONFIG", "INTERWIKI_URLS", "ParserConfig"]

#: Namespace id -> canonical (English) name, as on every MediaWiki.
CANONICAL_NAMESPACES: dict[int, str] = {
    -2: "Media",
    -1: "Special",
    0: "",
    1: "Talk",
    2: "User",
    3: "User talk",
    4: "Project",
    5: "Project talk",
    6: "File",
    7: "File talk",
    8: "MediaWiki",
    9: "MediaWiki talk",
    10: "Template",
    11: "Template talk",
    12: "Help",
    13: "Help talk",
    14: "Category",
    15: "Category talk",
}

ENWIKI_NAMESPACES: dict[int, str] = {
    **CANONICAL_NAMESPACES,
    4: "Wikipedia",
    5: "Wikipedia talk",
    100: "Portal",
    101: "Portal talk",
    118: "Draft",
    119: "Draft talk",
    710: "TimedText",
    711: "TimedText talk",
    828: "Module",
    829: "Module talk",
}

ENWIKI_ALIASES: dict[str, int] = {
    "Image": 6,
    "Image talk": 7,
    "WP": 4,
    "WT": 5,
    "Project": 4,
    "Project talk": 5,
}

#: Tags MediaWiki's Sanitizer lets through as HTML (everything else is shown as text).
HTML_TAGS: frozenset[str] = frozenset(
    """b bdi del i ins u font big small sub sup h1 h2 h3 h4 h5 h6 cite code em s strike strong
    tt var div center blockquote ol ul dl table caption pre ruby rb rp rt rtc p span abbr dfn
    kbd samp data time mark br wbr hr li dt dd td th tr img link meta q""".split()
)

#: Extension tags of a typical Wikipedia: their bodies are not parsed by the preprocessor.
EXTENSION_TAGS: frozenset[str] = frozenset(
    """nowiki pre ref references math chem ce gallery syntaxhighlight source poem includeonly
    noinclude onlyinclude timeline score graph templatedata templatestyles indicator
    categorytree imagemap hiero inputbox mapframe maplink section charinsert langconvert
    rss dynamicpagelist quiz phonos""".split()
)

#: Extension tags whose body is wikitext: the parser fills ``ExtensionTag.contents`` for them.
WIKITEXT_TAGS: frozenset[str] = frozenset("ref references poem indicator".split())

URL_PROTOCOLS: tuple[str, ...] = (
    "bitcoin:", "ftp://", "ftps://", "geo:", "git://", "gopher://", "http://", "https://",
    "irc://", "ircs://", "magnet:", "mailto:", "matrix:", "mms://", "news:", "nntp://",
    "redis://", "sftp://", "sip:", "sips:", "sms:", "ssh://", "svn://", "tel:", "telnet://",
    "urn:", "worldwind://", "xmpp:", "//",
)

#: Magic-word variables (``{{NAME}}`` with no colon), matched case-sensitively.
VARIABLES: frozenset[str] = frozenset(
    """! = CURRENTYEAR CURRENTMONTH CURRENTMONTH1 CURRENTMONTH2 CURRENTMONTHNAME
    CURRENTMONTHNAMEGEN CURRENTMONTHABBREV CURRENTDAY CURRENTDAY2 CURRENTDOW CURRENTDAYNAME
    CURRENTTIME CURRENTHOUR CURRENTWEEK CURRENTTIMESTAMP LOCALYEAR LOCALMONTH LOCALMONTH1
    LOCALMONTH2 LOCALMONTHNAME LOCALMONTHNAMEGEN LOCALMONTHABBREV LOCALDAY LOCALDAY2 LOCALDOW
    LOCALDAYNAME LOCALTIME LOCALHOUR LOCALWEEK LOCALTIMESTAMP SITENAME SERVER SERVERNAME
    SCRIPTPATH STYLEPATH CURRENTVERSION CONTENTLANGUAGE CONTENTLANG DIRECTIONMARK DIRMARK
    NUMBEROFPAGES NUMBEROFARTICLES NUMBEROFFILES NUMBEROFEDITS NUMBEROFUSERS
    NUMBEROFACTIVEUSERS NUMBEROFADMINS PAGEID PAGENAME PAGENAMEE FULLPAGENAME FULLPAGENAMEE
    BASEPAGENAME BASEPAGENAMEE ROOTPAGENAME ROOTPAGENAMEE SUBPAGENAME SUBPAGENAMEE
    ARTICLEPAGENAME ARTICLEPAGENAMEE SUBJECTPAGENAME SUBJECTPAGENAMEE TALKPAGENAME
    TALKPAGENAMEE NAMESPACE NAMESPACEE NAMESPACENUMBER TALKSPACE TALKSPACEE SUBJECTSPACE
    SUBJECTSPACEE ARTICLESPACE ARTICLESPACEE REVISIONID REVISIONDAY REVISIONDAY2
    REVISIONMONTH REVISIONMONTH1 REVISIONYEAR REVISIONTIMESTAMP REVISIONUSER REVISIONSIZE
    DISPLAYTITLE DEFAULTSORT DEFAULTSORTKEY DEFAULTCATEGORYSORT""".split()
)

#: Parser functions (``{{name:args}}``), matched case-insensitively; ``#`` ones included.
PARSER_FUNCTIONS: frozenset[str] = frozenset(
    """#if #ifeq #iferror #ifexpr #ifexist #switch #expr #time #timel #rel2abs #titleparts
    #invoke #tag #language #special #speciale #property #statements #formatdate #dateformat
    #babel #lst #lsth #lstx #section #section-h #section-x #coordinates #target #related
    #categorytree #useliquidthreads #assessment #mentor #commaseparatedlist
    lc lcfirst uc ucfirst urlencode anchorencode localurl localurle fullurl fullurle
    canonicalurl canonicalurle filepath formatnum grammar gender plural bidi int ns nse
    padleft padright displaytitle defaultsort defaultsortkey defaultcategorysort
    pagesincategory pagesize protectionlevel protectionexpiry numberingroup msg msgnw raw
    subst safesubst tag pagename pagenamee fullpagename fullpagenamee basepagename
    basepagenamee rootpagename rootpagenamee subpagename subpagenamee talkpagename
    talkpagenamee subjectpagename subjectpagenamee articlepagename articlepagenamee
    namespace namespacee namespacenumber talkspace talkspacee subjectspace subjectspacee
    articlespace articlespacee pageid revisionid revisionday revisionday2 revisionmonth
    revisionmonth1 revisionyear revisiontimestamp revisionuser cascadingsources
    numberofpages numberofarticles numberoffiles numberofusers numberofactiveusers
    numberofedits numberofadmins pagesinnamespace pagesinns""".split()
)

BEHAVIOR_SWITCHES: frozenset[str] = frozenset(
    """NOTOC FORCETOC TOC NOEDITSECTION NEWSECTIONLINK NONEWSECTIONLINK NOGALLERY
    HIDDENCAT EXPECTUNUSEDCATEGORY NOCONTENTCONVERT NOCC NOTITLECONVERT NOTC INDEX NOINDEX
    STATICREDIRECT NOGLOBAL DISAMBIG EXPECTUNUSEDTEMPLATE ARCHIVEDTALK NOTALK""".split()
)

#: Language codes that make ``[[xx:Page]]`` an interlanguage link on Wikipedia.
INTERLANGUAGE_PREFIXES: frozenset[str] = frozenset(
    """aa ab ace ady af ak als alt am an ang ar arc ary arz as ast atj av avk awa ay az azb ba
    ban bar bat-smg bcl be be-tarask be-x-old bg bh bi bjn bm bn bo bpy br bs bug bxr ca
    cbk-zam cdo ce ceb ch cho chr chy ckb co cr crh cs csb cu cv cy da dag de din diq dsb
    dty dv dz ee el eml en eo es et eu ext fa ff fi fiu-vro fj fo fr frp frr fur fy ga gag
    gan gcr gd gl glk gn gom gor got gu guw gv ha hak haw he hi hif ho hr hsb ht hu hy hyw
    hz ia id ie ig ii ik ilo inh io is it iu ja jam jbo jv ka kaa kab kbd kbp kg ki kj kk
    kl km kn ko koi kr krc ks ksh ku kv kw ky la lad lb lbe lez lfn lg li lij lld lmo ln lo
    lrc lt ltg lv mad mai map-bms mdf mg mh mhr mi min mk ml mn mni mnw mr mrj ms mt mus mwl
    my myv mzn na nah nap nds nds-nl ne new ng nia nl nn no nov nqo nrm nso nv ny oc olo om
    or os pa pag pam pap pcd pdc pfl pi pih pl pms pnb pnt ps pt qu rm rmy rn ro roa-rup
    roa-tara ru rue rw sa sah sat sc scn sco sd se sg sh shi shn si simple sk skr sl sm smn
    sn so sq sr srn ss st stq su sv sw szl szy ta tay tcy te tet tg th ti tk tl tn to tpi
    tr trv ts tt tum tw ty tyv udm ug uk ur uz ve vec vep vi vls vo wa war wo wuu xal xh xmf
    yi yo za zea zh zh-classical zh-min-nan zh-yue zu""".split()
)

#: Interwiki prefixes that are not languages (links to sister projects and other sites).
INTERWIKI_PREFIXES: frozenset[str] = frozenset(
    """wikipedia w wiktionary wikt wikinews n wikibooks b wikiquote q wikisource s
    wikispecies species wikiversity v wikivoyage voy wikimedia foundation wmf commons c
    meta m metawikimedia mw mediawikiwiki phabricator phab d wikidata incubator outreach
    mediazilla bugzilla google doi""".split()
)


#: Where the interwiki and interlanguage prefixes above point on English Wikipedia (``$1`` is
#: the page; its interwiki map); renderers use it to turn ``[[wikt:word]]`` and ``[[:fr:X]]``
#: into external links.  Every prefix the default config knows has a URL: a prefix without
#: one would be no interwiki link in MediaWiki but a page of the wiki itself.
INTERWIKI_URLS: dict[str, str] = {
    "wikipedia": "https://en.wikipedia.org/wiki/$1",
    "w": "https://en.wikipedia.org/wiki/$1",
    "wiktionary": "https://en.wiktionary.org/wiki/$1",
    "wikt": "https://en.wiktionary.org/wiki/$1",
    "commons": "https://commons.wikimedia.org/wiki/$1",
    "c": "https://commons.wikimedia.org/wiki/$1",
    "meta": "https://meta.wikimedia.org/wiki/$1",
    "m": "https://meta.wikimedia.org/wiki/$1",
    "mw": "https://www.mediawiki.org/wiki/$1",
    "d": "https://www.wikidata.org/wiki/$1",
    "wikidata": "https://www.wikidata.org/wiki/$1",
    "species": "https://species.wikimedia.org/wiki/$1",
    "wikispecies": "https://species.wikimedia.org/wiki/$1",
    "s": "https://en.wikisource.org/wiki/$1",
    "wikisource": "https://en.wikisource.org/wiki/$1",
    "q": "https://en.wikiquote.org/wiki/$1",
    "wikiquote": "https://en.wikiquote.org/wiki/$1",
    "b": "https://en.wikibooks.org/wiki/$1",
    "wikibooks": "https://en.wikibooks.org/wiki/$1",
    "n": "https://en.wikinews.org/wiki/$1",
    "wikinews": "https://en.wikinews.org/wiki/$1",
    "v": "https://en.wikiversity.org/wiki/$1",
    "wikiversity": "https://en.wikiversity.org/wiki/$1",
    "voy": "https://en.wikivoyage.org/wiki/$1",
    "wikivoyage": "https://en.wikivoyage.org/wiki/$1",
    "wikimedia": "https://foundation.wikimedia.org/wiki/$1",
    "foundation": "https://foundation.wikimedia.org/wiki/$1",
    "wmf": "https://foundation.wikimedia.org/wiki/$1",
    "metawikimedia": "https://meta.wikimedia.org/wiki/$1",
    "mediawikiwiki": "https://www.mediawiki.org/wiki/$1",
    "phabricator": "https://phabricator.wikimedia.org/$1",
    "phab": "https://phabricator.wikimedia.org/$1",
    "incubator": "https://incubator.wikimedia.org/wiki/$1",
    "outreach": "https://outreach.wikimedia.org/wiki/$1",
    "mediazilla": "https://bugzilla.wikimedia.org/$1",
    "bugzilla": "https://bugzilla.wikimedia.org/show_bug.cgi?id=$1",
    "google": "https://www.google.com/search?q=$1",
    "doi": "https://doi.org/$1",
    **{code: f"https://{code}.wikipedia.org/wiki/$1" for code in sorted(INTERLANGUAGE_PREFIXES)},
    "be-x-old": "https://be-tarask.wikipedia.org/wiki/$1",
}


def _casefold_map(pairs: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Lookup key for namespace names: case-insensitive, spaces and underscores folded."""
    return {name.replace("_", " ").strip().lower(): ns for name, ns in pairs}


@attrs.define(frozen=True, slots=True, eq=False)
class ParserConfig:
    """What a parser must know about one wiki.  Frozen: share one instance across threads.

    Build a variant with :func:`attrs.evolve`, a bundled wiki's with :meth:`for_wiki`
    (``ParserConfig.for_wiki("dewiki")``), or from a dump's or the API's siteinfo with
    :meth:`from_siteinfo` (see docs/wikis.md).
    """

    namespaces: Mapping[int, str] = attrs.field(factory=lambda: dict(ENWIKI_NAMESPACES))
    namespace_aliases: Mapping[str, int] = attrs.field(factory=lambda: dict(ENWIKI_ALIASES))
    interlanguage_prefixes: frozenset[str] = INTERLANGUAGE_PREFIXES
    interwiki_prefixes: frozenset[str] = INTERWIKI_PREFIXES
    extension_tags: frozenset[str] = EXTENSION_TAGS
    wikitext_tags: frozenset[str] = WIKITEXT_TAGS
    html_tags: frozenset[str] = HTML_TAGS
    url_protocols: tuple[str, ...] = URL_PROTOCOLS
    variables: frozenset[str] = VARIABLES
    parser_functions: frozenset[str] = PARSER_FUNCTIONS
    behavior_switches: frozenset[str] = BEHAVIOR_SWITCHES
    #: Regex character class body of the letters a link trail may take (MediaWiki's linktrail).
    link_trail: str = "a-z"
    #: The magic links the wiki turns on (``$wgEnableMagicLinks``): Wikipedia links ``ISBN``,
    #: ``PMID`` and ``RFC`` numbers; a MediaWiki 1.39 install with default settings none.
    magic_links: frozenset[str] = frozenset({"ISBN", "PMID", "RFC"})
    #: Localised magic words for redirects (``#REDIRECT``), matched case-insensitively.
    redirect_words: tuple[str, ...] = ("#REDIRECT",)
    site_name: str = "Wikipedia"
    base_url: str = ""
    case_sensitive_first_letter: bool = False
    # -- what a preset or an API siteinfo adds (see wikiparse.presets and docs/wikis.md) ----
    #: The wiki's database name (``dewiki``) when it came from a preset or a siteinfo.
    wiki_id: str = ""
    #: The content language (MediaWiki's code: ``de``, ``sr``, ``be-tarask``) and its direction.
    language: str = "en"
    rtl: bool = False
    #: Magic words with all their synonyms: ``{name: (case_sensitive, (alias, ...))}``, as in
    #: the API's ``magicwords`` (``img_thumbnail``, ``redirect``, ``notoc``, ``if``...).  Empty
    #: means English MediaWiki's words, which the parser and renderers know built in.
    magic_words: Mapping[str, tuple[bool, tuple[str, ...]]] = attrs.field(factory=dict, repr=False)
    #: The whole link-trail pattern when a character class cannot say it (Catalan's
    #: ``(?:[a-zàèé]|'(?!'))+``); empty when ``link_trail`` says it all.
    link_trail_pattern: str = ""
    #: Characters that join a word written before ``[[`` to the link (MediaWiki's
    #: ``linkprefixcharset``, a regex class body); empty on most wikis.
    link_prefix: str = ""
    #: Interwiki prefix -> URL pattern (``$1`` is the title), interlanguage prefixes included.
    interwiki_urls: Mapping[str, str] = attrs.field(
        factory=lambda: dict(INTERWIKI_URLS), repr=False
    )
    #: Special page (canonical English name) -> its local names, preferred first.
    special_pages: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, repr=False)
    #: Language variants of the content language (``zh-hans``...; ``sr-ec``, ``sr-el``), the
    #: codes ``-{zh-hans:...;zh-hant:...}-`` may name, each with its fallback variants in
    #: MediaWiki's order.  Empty when the language has none.
    variants: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    #: URL path of an article on the wiki (``$1`` is the title).
    article_path: str = "/wiki/$1"
    #: How heading ids and ``#fragment`` links are written (MediaWiki's ``$wgFragmentMode``,
    #: docs/wikis.md): the first mode makes ids, TOC links and ``[[#x]]`` links; a second
    #: mode adds a fallback ``<span id>`` inside the heading when its id differs.  ``"html5"``
    #: keeps the characters (``Été``), ``"legacy"`` writes bytes as ``.C3.89``.  Siteinfo does
    #: not report it; MediaWiki's own default is ``("html5", "legacy")``.
    fragment_mode: tuple[Literal["html5", "legacy"], ...] = ("html5",)
    #: The mode of fragments in links to other wikis (``$wgExternalInterwikiFragmentMode``;
    #: MediaWiki's default ``"legacy"``).
    interwiki_fragment_mode: Literal["html5", "legacy"] = "html5"
    #: Interface messages the renderers show, in the wiki's language (``redirectto``:
    #: ``Weiterleitung nach:``; ``toc``: ``Inhaltsverzeichnis``).  Empty: English.
    messages: Mapping[str, str] = attrs.field(factory=dict)
    _lookup: dict[str, int] = attrs.field(init=False, repr=False)
    #: What the parser derives from this config once (its compiled patterns), by key.  Lives
    #: and dies with the config; not pickled (a worker process derives its own).
    derived: dict[str, Any] = attrs.field(init=False, repr=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        pairs = [(name, ns) for ns, name in self.namespaces.items()]
        pairs += [(CANONICAL_NAMESPACES[ns], ns) for ns in CANONICAL_NAMESPACES]
        pairs += list(self.namespace_aliases.items())
        object.__setattr__(self, "_lookup", _casefold_map(pairs))

    def __getstate__(self) -> dict[str, Any]:
        return {f.alias: getattr(self, f.name) for f in attrs.fields(type(self)) if f.init}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    # -- lookups --------------------------------------------------------------------------

    def namespace_id(self, name: str) -> int | None:
        """The id of a namespace name or alias (any case, ``_`` or space), or None."""
        return self._lookup.get(name.replace("_", " ").strip().lower())

    def namespace_name(self, ns: int) -> str:
        """The wiki's local name for namespace ``ns`` (canonical English if not local)."""
        return self.namespaces.get(ns, CANONICAL_NAMESPACES.get(ns, ""))

    def split_namespace(self, title: str) -> tuple[int, str]:
        """``("Category:Foo")`` -> ``(14, "Foo")``; titles without a known prefix are ns 0."""
        if ":" in title:
            prefix, rest = title.split(":", 1)
            ns = self.namespace_id(prefix)
            if ns is not None:
                return ns, rest.strip()
        return 0, title.strip()

    @property
    def file_namespaces(self) -> frozenset[int]:
        return frozenset((6,))

    @property
    def direction(self) -> str:
        """``"rtl"`` or ``"ltr"``: the content language's writing direction (HTML ``dir``)."""
        return "rtl" if self.rtl else "ltr"

    def magic_word(self, name: str) -> tuple[str, ...]:
        """Every synonym of magic word ``name`` on this wiki (``"redirect"`` ->
        ``("#WEITERLEITUNG", "#REDIRECT")`` on dewiki); ``()`` if this config does not list it."""
        entry = self.magic_words.get(name)
        return entry[1] if entry is not None else ()

    def message(self, key: str, english: str) -> str:
        """Interface message ``key`` in the wiki's language, ``english`` where it has none."""
        return self.messages.get(key, english)

    def special_page(self, name: str) -> str:
        """The local title of special page ``name`` (``"BookSources"`` -> ``Spezial:ISBN-Suche``
        on dewiki); English names where the config has no local one."""
        local = self.special_pages.get(name)
        return f"{self.namespace_name(-1)}:{local[0] if local else name}"

    # -- construction ---------------------------------------------------------------------

    @classmethod
    def for_wiki(cls, name: str) -> ParserConfig:
        """The bundled preset of a wiki: ``"dewiki"``, ``"de"``, ``"de.wikipedia.org"`` or a URL
        on it.  Raises ``KeyError`` for a wiki with no preset (see
        :func:`wikiparse.presets.available`)."""
        from .presets import load_preset

        return load_preset(name)

    @classmethod
    def from_siteinfo(cls, siteinfo: Any) -> ParserConfig:
        """Build a config from a dump's ``<siteinfo>`` (an lxml/ElementTree element, its XML
        text, or a mapping ``{"sitename", "dbname", "base", "case", "namespaces": {id: name}}``)
        or from the JSON of the API's ``action=query&meta=siteinfo`` (a mapping, with or
        without its ``query`` key; ask for every ``siprop`` listed in docs/wikis.md).

        The API form gives everything a preset has.  A dump's ``<siteinfo>`` has namespaces
        only: when its ``dbname`` names a bundled preset, the dump's names are laid over that
        preset; otherwise local namespace names become the primary names and the canonical
        English names stay recognised, as on the wiki itself.
        """
        from .presets import config_from_api, merge_dump_siteinfo
        from .presets._compact import is_api_siteinfo

        if isinstance(siteinfo, Mapping) and is_api_siteinfo(siteinfo):
            return config_from_api(siteinfo)
        info = _siteinfo_mapping(siteinfo)
        merged = merge_dump_siteinfo(info)
        if merged is not None:
            return merged
        namespaces = dict(CANONICAL_NAMESPACES)
        namespaces.update({int(k): v for k, v in info.get("namespaces", {}).items()})
        aliases: dict[str, int] = {}
        # The English names (and File's old "Image") keep working on every wiki.
        for ns, name in ENWIKI_NAMESPACES.items():
            if ns in namespaces and namespaces[ns] != name and ns in CANONICAL_NAMESPACES:
                aliases[name] = ns
        aliases.update({"Image": 6, "Image talk": 7})
        return cls(
            namespaces=namespaces,
            namespace_aliases=aliases,
            site_name=str(info.get("sitename", "")) or "Wiki",
            base_url=str(info.get("base", "")),
            case_sensitive_first_letter=info.get("case") == "case-sensitive",
            wiki_id=str(info.get("dbname", "")),
        )


def _siteinfo_mapping(siteinfo: Any) -> dict[str, Any]:
    if isinstance(siteinfo, Mapping):
        return dict(siteinfo)
    if isinstance(siteinfo, str | bytes):
        from lxml import etree

        siteinfo = etree.fromstring(siteinfo.encode() if isinstance(siteinfo, str) else siteinfo)
    info: dict[str, Any] = {"namespaces": {}}
    for child in siteinfo.iter():
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag in ("sitename", "base", "case", "generator", "dbname") and child.text:
            info.setdefault(tag, child.text)
        elif tag == "namespace":
            key = child.get("key")
            if key is not None:
                info["namespaces"][int(key)] = child.text or ""
    return info


#: English Wikipedia defaults.
DEFAULT_CONFIG = ParserConfig()
