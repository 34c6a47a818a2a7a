"""Files, images and galleries as MediaWiki marks them up (its "media structure" markup:
``<figure typeof="mw:File/Thumb">``, ``<span typeof="mw:File">``, ``mw-file-element``...)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..config import ParserConfig
from ..file_options import interpret_file_options as _read_file_options
from ..nodes import FileLink, Wikicode
from ._html_text import escape_attr, escape_text, strip_tags

__all__ = ["FileOptions", "file_markup", "interpret_file_options"]

@dataclass
class FileOptions:
    """The pipe-separated options of a file link, read the way MediaWiki reads them."""

    format: str = ""
    halign: str = ""
    valign: str = ""
    width: int | None = None
    height: int | None = None
    upright: bool = False
    border: bool = False
    alt: str | None = None
    link: str | None = None
    classes: list[str] = field(default_factory=list)
    #: ``thumbnail=Other.jpg``: the file shown instead of the linked one.
    manual_thumb: str = ""
    caption: Wikicode | None = None


def interpret_file_options(link: FileLink, config: ParserConfig | None = None) -> FileOptions:
    """The options as :func:`wikiparse.query.interpret_file_options` reads them (MediaWiki's
    image parameter rules, in one place; the wiki's own option words from ``config``), in the
    shape the HTML renderer uses."""
    d = _read_file_options(link, config)
    return FileOptions(
        format=d["format"] or "",
        halign=d["align"] or "",
        valign=d["valign"] or "",
        width=d["width"],
        height=d["height"],
        upright=d["upright"] is not None,
        border=bool(d["border"]),
        alt=d["alt"],
        link=d["link"],
        classes=(d["class"] or "").split(),
        manual_thumb=d["manualthumb"] or "",
        caption=d["caption"],
    )


_MEDIA_TYPES = {
    "ogv": ("video", "video/ogg"),
    "webm": ("video", "video/webm"),
    "mp4": ("video", "video/mp4"),
    "mpg": ("video", "video/mpeg"),
    "mpeg": ("video", "video/mpeg"),
    "oga": ("audio", "audio/ogg"),
    "ogg": ("audio", "audio/ogg"),
    "opus": ("audio", "audio/ogg"),
    "mp3": ("audio", "audio/mpeg"),
    "wav": ("audio", "audio/wav"),
    "flac": ("audio", "audio/flac"),
    "mid": ("audio", "audio/midi"),
}


def _media_kind(filename: str) -> tuple[str, str] | None:
    """``(element, MIME type)`` for video and audio files, which MediaWiki plays inline."""
    return _MEDIA_TYPES.get(filename.rsplit(".", 1)[-1].lower()) if "." in filename else None


def file_markup(
    *,
    filename: str,
    opts: FileOptions,
    caption_html: str,
    url: str | None,
    description_href: str,
    upload_href: str,
    link_href: Callable[[str], tuple[str, str]],
    shown_name: str = "",
    file_namespace: str = "File",
    legacy_labels: bool = False,
    caption_text: str | None = None,
) -> str:
    """The HTML for one file link.  ``url`` is None for a missing file (a red upload link).

    ``caption_text`` is the caption as text, for ``alt`` and ``title``: by default
    ``caption_html`` without its tags; a caller whose caption still holds markers gives it
    with the markers resolved.

    ``link_href(target)`` resolves a ``link=`` value to ``(href, extra attributes)``.
    """
    figure = (
        opts.format in ("thumb", "frame")
        or (opts.halign != "" and opts.format != "frameless")
        or (opts.format == "frameless" and opts.halign != "")
    )
    kind = {"thumb": "mw:File/Thumb", "frame": "mw:File/Frame", "frameless": "mw:File/Frameless"}
    typeof = kind.get(opts.format, "mw:File")
    classes: list[str] = []
    if opts.halign:
        classes.append(f"mw-halign-{opts.halign}")
    if opts.valign and not figure:
        classes.append(f"mw-valign-{opts.valign}")
    if (
        opts.width is None
        and opts.height is None
        and opts.format != "frame"
        and not opts.manual_thumb
    ):
        classes.append("mw-default-size")
    if opts.border:
        classes.append("mw-image-border")
    classes.extend(opts.classes)
    caption_text = strip_tags(caption_html if caption_text is None else caption_text).strip()
    if url is None:
        typeof = "mw:Error " + typeof
        alt_text = (opts.alt or "").strip() if not legacy_labels else ""
        if legacy_labels and opts.format not in ("thumb", "frame"):
            # 1.39's legacy media DOM: the caption (alt unused), else the title
            broken_label = caption_text or f"{file_namespace}:{filename}"
        elif alt_text:
            broken_label = alt_text
        elif caption_text and not figure and opts.alt is None:
            broken_label = caption_text
        else:
            broken_label = f"{file_namespace}:{filename}"
        inner = (
            f'<a href="{escape_attr(upload_href)}" class="new" title="{escape_attr(file_namespace)}:{escape_attr(filename)}">'
            f'<span class="mw-file-element mw-broken-media">{escape_text(broken_label)}'
            f"</span></a>"
        )
    elif (media := _media_kind(shown_name or filename)) is not None:
        tag, mime = media
        width_attr = f' width="{opts.width}"' if opts.width else ""
        inner = (
            f'<span><{tag} controls="" preload="none" class="mw-file-element"{width_attr}>'
            f'<source src="{escape_attr(url)}" type="{escape_attr(mime)}" /></{tag}></span>'
        )
    else:
        alt = opts.alt if opts.alt is not None else ("" if figure else caption_text)
        img = f'<img alt="{escape_attr(alt)}" src="{escape_attr(url)}" decoding="async"'
        if opts.width:
            img += f' width="{opts.width}"'
        if opts.height:
            img += f' height="{opts.height}"'
        img += ' class="mw-file-element" />'
        if opts.link == "":
            title = f' title="{escape_attr(caption_text)}"' if caption_text and not figure else ""
            inner = f"<span{title}>{img}</span>"
        else:
            if opts.link is not None:
                href, extra = link_href(opts.link)
            else:
                href, extra = description_href, ' class="mw-file-description"'
            title = f' title="{escape_attr(caption_text)}"' if caption_text and not figure else ""
            inner = f'<a href="{escape_attr(href)}"{extra}{title}>{img}</a>'
    cls = f' class="{escape_attr(" ".join(classes))}"' if classes else ""
    if figure:
        cap = caption_html if opts.format in ("thumb", "frame") or caption_html else ""
        if url is None and legacy_labels and opts.format not in ("thumb", "frame"):
            cap = ""  # the legacy DOM has no caption box here: the caption is the label
        return f'<figure{cls} typeof="{typeof}">{inner}<figcaption>{cap}</figcaption></figure>'
    return f'<span{cls} typeof="{typeof}">{inner}</span>'
