"""Fake ``LuaHost``/``LuaFrame`` for the Lua engine's tests: a dict of pages and fixed frames."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


class FakeFrame:
    """A frame with given arguments; template calls answer a fixed, traceable string."""

    def __init__(
        self,
        title: str = "Module:Test",
        args: Mapping[str | int, str] | None = None,
        parent: FakeFrame | None = None,
    ) -> None:
        self.title = title
        self.args = dict(args or {})
        self.parent = parent
        self.calls: list[str] = []

    def get_title(self) -> str:
        return self.title

    def argument_names(self) -> Iterable[str | int]:
        return list(self.args)

    def get_argument(self, name: str | int) -> str | None:
        return self.args.get(name)

    def get_parent(self) -> FakeFrame | None:
        return self.parent

    def new_child(self, title: str, args: Mapping[str | int, str]) -> FakeFrame:
        return FakeFrame(title, args, self)

    def expand_template(self, title: str, args: Mapping[str | int, str]) -> str:
        body = "|".join(f"{k}={v}" for k, v in args.items())
        self.calls.append(title)
        return f"[T:{title}|{body}]"

    def call_parser_function(self, name: str, args: list[str]) -> str:
        return f"[PF:{name}|{'|'.join(args)}]"

    def preprocess(self, text: str) -> str:
        return f"[PP:{text}]"

    def extension_tag(self, name: str, content: str, attrs: Mapping[str, str]) -> str:
        return f"<{name}>{content}</{name}>"


class FakeHost:
    """A page store as a dict."""

    def __init__(self, pages: Mapping[str, str] | None = None, title: str = "Test page") -> None:
        self.pages = dict(pages or {})
        self.title = title
        self.exists_calls = 0

    def page_text(self, title: str) -> str | None:
        return self.pages.get(title)

    def title_exists(self, title: str) -> bool:
        self.exists_calls += 1
        return title in self.pages

    def current_title(self) -> str:
        return self.title

    def current_time(self) -> float:
        return 1_700_000_000.0
