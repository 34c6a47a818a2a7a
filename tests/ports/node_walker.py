"""A node walker: counts the kinds of node mwparserfromhell users ask about, and where the
external links sit (the nearest enclosing node)."""

import mwparserfromhell as mwp

KINDS = ("Template", "Wikilink", "ExternalLink", "Heading", "Comment", "Argument", "HTMLEntity")


def run(text: str) -> dict[str, object]:
    code = mwp.parse(text)
    counts = {kind: len(code.filter(forcetype=getattr(mwp.nodes, kind))) for kind in KINDS}
    top = [type(n).__name__ for n in code.filter(recursive=False, forcetype=mwp.nodes.Heading)]
    parents = []
    for link in code.filter_external_links()[:10]:
        parent = code.get_parent(link)
        if parent is None:
            parents.append("top")
        elif isinstance(parent, mwp.nodes.Template):
            parents.append("template " + str(parent.name).strip())
        elif isinstance(parent, mwp.nodes.Tag) and str(parent.tag) == "ref":
            parents.append("ref")
        else:
            parents.append("other")
    return {"counts": counts, "top_headings": len(top), "external_link_parents": parents}
