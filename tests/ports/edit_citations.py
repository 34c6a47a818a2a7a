"""A citation-fixing bot: the template edits of a typical pywikibot/mwparserfromhell script."""

import mwparserfromhell as mwp


def run(text: str) -> str:
    code = mwp.parse(text)
    for t in code.filter_templates():
        if not t.name.matches(["Cite web", "Cite news"]):
            continue
        if t.has("accessdate"):
            value = t.get("accessdate").value.strip()
            t.add("access-date", value, before="accessdate")
            t.remove("accessdate")
        if t.has("url") and not t.has("url-status", ignore_empty=True):
            t.add("url-status", "live")
        if t.has("deadurl"):
            t.remove("deadurl", keep_field=False)
    return str(code)
