"""The text cleaner of the Hugging Face ``wikipedia`` dataset builder
(``_parse_and_clean_wikicode``): sections, file links and refs removed, categories unprefixed,
``strip_code`` per section."""

import re

import mwparserfromhell as mwp

re_rm_magic = re.compile("__[A-Z]*__", flags=re.UNICODE)
re_rm_wikilink = re.compile("^(?:File|Image|Media):", flags=re.IGNORECASE | re.UNICODE)
re_clean_wikilink = re.compile("^(?:Category):", flags=re.IGNORECASE | re.UNICODE)


def rm_wikilink(obj):  # type: ignore[no-untyped-def]
    return bool(re_rm_wikilink.match(str(obj.title)))


def rm_tag(obj):  # type: ignore[no-untyped-def]
    return str(obj.tag) in {"ref", "table"}


def is_category(obj):  # type: ignore[no-untyped-def]
    return bool(re_clean_wikilink.match(str(obj.title)))


def clean_wikilink(obj):  # type: ignore[no-untyped-def]
    # PORT: the builder calls mwparserfromhell's private ``obj.__strip__()``; this is the
    # same text through public methods of both libraries.
    text = (obj.text if obj.text is not None else obj.title).strip_code()
    text = re.sub(re_clean_wikilink, "", text)
    obj.text = text


def try_remove_obj(obj, section):  # type: ignore[no-untyped-def]
    try:  # noqa: SIM105  (the builder's code, as written)
        section.remove(obj)
    except ValueError:
        pass


def run(text: str) -> str:
    wikicode = mwp.parse(text)
    section_text = []
    for section in wikicode.get_sections(flat=True, include_lead=True, include_headings=True):
        for obj in section.ifilter_wikilinks(recursive=True):
            if rm_wikilink(obj):
                try_remove_obj(obj, section)
            elif is_category(obj):
                clean_wikilink(obj)
        for obj in section.ifilter_tags(matches=rm_tag, recursive=True):
            try_remove_obj(obj, section)
        section_text.append(re.sub(re_rm_magic, "", section.strip_code().strip()))
    return "\n\n".join(section_text)
