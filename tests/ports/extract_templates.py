"""pywikibot's ``textlib.extract_templates_and_params`` (its mwparserfromhell branch)."""

import mwparserfromhell as mwp


def run(text: str) -> list[tuple[str, dict[str, str]]]:
    result = []
    parsed = mwp.parse(text)
    templates = parsed.ifilter_templates(
        matches=lambda x: not x.name.lstrip().startswith("#"), recursive=True
    )
    for template in templates:
        params = {}
        for key, param in template_params(template):
            params[key] = str(param.value.strip())
        result.append((str(template.name.strip()), params))
    return result


def template_params(template):  # type: ignore[no-untyped-def]
    """PORT: pywikibot reads ``param.name.strip()``; a positional parameter's name is None in
    wikiparse, whose ``param_items()`` gives the number as MediaWiki counts it."""
    if hasattr(template, "param_items"):
        return template.param_items()
    return [(str(p.name.strip()), p) for p in template.params]
