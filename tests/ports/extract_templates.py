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
        for param in template.params:
            params[str(param.name.strip())] = str(param.value.strip())
        result.append((str(template.name.strip()), params))
    return result
