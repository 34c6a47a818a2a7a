"""A links and categories extractor (what link-graph and category tools do)."""

import mwparserfromhell as mwp


def run(text: str) -> dict[str, list[str]]:
    code = mwp.parse(text)
    links, categories, files = [], [], []
    for link in code.filter_wikilinks():
        title = str(link.title).strip()
        prefix = title.split(":", 1)[0].strip().lower() if ":" in title else ""
        if prefix == "category":
            categories.append(title.split(":", 1)[1].strip())
        elif prefix in ("file", "image"):
            files.append(title.split(":", 1)[1].strip())
        else:
            links.append(title.split("#", 1)[0].strip())
    external = [str(e.url) for e in code.filter_external_links()]
    return {"links": links, "categories": categories, "files": files, "external": external}
