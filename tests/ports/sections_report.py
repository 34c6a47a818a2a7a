"""A sections report bot: for each level-2 section, its title, size and contents."""

import mwparserfromhell as mwp


def run(text: str) -> list[dict[str, object]]:
    code = mwp.parse(text)
    report = []
    for section in code.get_sections(levels=[2]):
        heading = section.filter_headings()[0]
        subsections = section.get_sections(include_lead=False, flat=True)
        report.append(
            {
                "title": heading.title.strip(),
                "level": heading.level,
                "chars": len(str(section)),
                "subsections": [str(s.filter_headings()[0].title).strip() for s in subsections[1:]],
                "templates": [str(t.name).strip() for t in section.filter_templates(recursive=False)],
                "has_main": any(t.name.matches("Main") for t in section.ifilter_templates()),
                "links": len(section.filter_wikilinks()),
            }
        )
    return report
