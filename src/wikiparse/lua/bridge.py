"""The Python side of the bridge that ``lualib/runtime.lua`` calls (``php.X(...)`` in Lua).

Lua strings arrive as ``bytes`` (the runtime has no encoding, so invalid UTF-8 survives a
round trip through ``surrogateescape``); every answer is converted back to Lua values here,
tables included, so module code only ever sees strings, numbers, booleans and Lua tables.
An operation answers ``(True, values...)`` or ``(False, message)``; Lua raises the message.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from typing import Any

from wikiparse.config import ParserConfig
from wikiparse.lua import library_ops
from wikiparse.lua.host import LuaFrame, LuaHost, ScriptError
from wikiparse.lua.values import from_lua_str, to_lua

Op = Callable[..., Any]

_HOST_OPS = frozenset(
    {
        "getExpandedArgument",
        "getAllExpandedArguments",
        "expandTemplate",
        "callParserFunction",
        "extensionTag",
        "preprocess",
    }
)
_SOURCES: dict[str, str] = {}
_STRIP_MARKER = re.compile("\x7f'\"`UNIQ-.*?-QINU`\"'\x7f", re.DOTALL)


class LuaArgumentError(Exception):
    """A bad argument from Lua code: its message becomes the Lua error."""


def library_source(name: str) -> bytes:
    """The text of one of our ``lualib/*.lua`` files (cached per process)."""
    text = _SOURCES.get(name)
    if text is None:
        text = resources.files("wikiparse.lua").joinpath("lualib", f"{name}.lua").read_text("utf-8")
        _SOURCES[name] = text
    return text.encode("utf-8")


def arg_key(key: object) -> str | int:
    """A template-argument name as the expander wants it: canonical integers as ``int``."""
    if isinstance(key, float) and key.is_integer():
        return int(key)
    if isinstance(key, int):
        return key
    text = from_lua_str(key)
    if text.isdigit() and text.isascii() and (text == "0" or not text.startswith("0")):
        return int(text)
    return text


class _EmptyFrame:
    """The frame ``mw.loadData`` modules see: no arguments, no parent."""

    __slots__ = ("_title",)

    def __init__(self, title: str) -> None:
        self._title = title

    def get_title(self) -> str:
        return self._title

    def argument_names(self) -> Iterable[str | int]:
        return ()

    def get_argument(self, name: str | int) -> str | None:
        return None

    def get_parent(self) -> LuaFrame | None:
        return None

    def new_child(self, title: str, args: Mapping[str | int, str]) -> LuaFrame:
        return self

    def expand_template(self, title: str, args: Mapping[str | int, str]) -> str:
        return ""

    def call_parser_function(self, name: str, args: list[str]) -> str:
        return ""

    def preprocess(self, text: str) -> str:
        return text

    def extension_tag(self, name: str, content: str, attrs: Mapping[str, str]) -> str:
        return ""


class Bridge:
    """Answers runtime.lua's operations for one engine; frames are registered by id."""

    __slots__ = (
        "_frame_ids",
        "_frames",
        "_lua",
        "_ops",
        "config",
        "expensive_calls",
        "expensive_limit",
        "host",
        "host_time",
        "in_lua",
        "log",
        "seen_titles",
    )

    def __init__(self, host: LuaHost, config: ParserConfig) -> None:
        self.host = host
        self.config = config
        self._lua: Any = None
        self._frames: dict[str, LuaFrame] = {}
        self._frame_ids: dict[int, str] = {}
        self.host_time = 0.0
        self.in_lua = False
        self.log: list[str] = []
        self.expensive_calls = 0
        self.expensive_limit = 100
        self.seen_titles: set[str] = set()
        self._ops: dict[str, Op] = {}
        for name in dir(self):
            if name.startswith("op_"):
                self._ops[name[3:]] = getattr(self, name)
        for name, op in library_ops.operations(self).items():
            self._ops[name] = op

    def reset(self) -> None:
        """Forget the page's frames, log and counters."""
        self._lua = None
        self._frames.clear()
        self._frame_ids.clear()
        self.log.clear()
        self.expensive_calls = 0
        self.seen_titles.clear()
        self.host_time = 0.0
        self.in_lua = False

    def attach(self, lua: Any) -> None:
        """Use this Lua state for building tables from now on."""
        self._lua = lua
        self._frames.clear()
        self._frame_ids.clear()

    @staticmethod
    def cpu_clock() -> float:
        """The process CPU clock, the one Lua's ``os.clock`` reads."""
        return time.process_time()

    # -- conversions -----------------------------------------------------------------------
    def to_lua_value(self, value: Any) -> Any:
        """Convert a Python answer (text, numbers, lists, dicts) into Lua values."""
        if isinstance(value, str):
            return to_lua(value)
        if isinstance(value, (list, tuple)):
            return self._lua.table_from({i + 1: self.to_lua_value(v) for i, v in enumerate(value)})
        if isinstance(value, dict):
            return self._lua.table_from(
                {self.to_lua_value(k): self.to_lua_value(v) for k, v in value.items()}
            )
        return value

    def dispatch(self, op: bytes, *args: Any) -> tuple[Any, ...]:
        """The one Python function Lua can call; never raises into Lua."""
        name = op.decode("ascii", "replace")
        handler = self._ops.get(name)
        if handler is None:
            return (False, to_lua(f"internal error: unknown operation {name}"))
        host_op = name in _HOST_OPS
        start = time.process_time() if host_op else 0.0
        try:
            result = handler(*args)
        except (LuaArgumentError, library_ops.LibraryError) as exc:
            return (False, to_lua(str(exc)))
        except ScriptError as exc:
            return (False, to_lua(str(exc)))
        except RecursionError:
            return (False, b"stack overflow")
        except Exception as exc:  # a host or library bug must not escape into Lua as userdata
            return (False, to_lua(f"internal error: {type(exc).__name__}: {exc}"))
        finally:
            if host_op:
                self.host_time += time.process_time() - start
        if isinstance(result, tuple):
            return (True, *(self.to_lua_value(v) for v in result))
        return (True, self.to_lua_value(result))

    # -- frames ----------------------------------------------------------------------------
    def frame_id(self, frame: LuaFrame) -> str:
        """The id Lua knows this frame by (registering it on first sight)."""
        key = id(frame)
        fid = self._frame_ids.get(key)
        if fid is None:
            fid = f"f{len(self._frames) + 1}"
            self._frames[fid] = frame
            self._frame_ids[key] = fid
        return fid

    def _frame(self, fid: object) -> LuaFrame:
        name = from_lua_str(fid)
        if name == "empty":
            return _EmptyFrame(self.host.current_title())
        frame = self._frames.get(name)
        if frame is None:
            raise LuaArgumentError("invalid frame ID")
        return frame

    def _args(self, table: Any) -> dict[str | int, str]:
        if table is None:
            return {}
        return {arg_key(k): from_lua_str(v) for k, v in table.items()}

    def op_getExpandedArgument(self, fid: object, name: object) -> str | None:
        return self._frame(fid).get_argument(arg_key(name))

    def op_getAllExpandedArguments(self, fid: object) -> tuple[list[Any], list[str]]:
        frame = self._frame(fid)
        names: list[Any] = []
        values: list[str] = []
        # Numbered arguments first, then named ones, each in call order (as MediaWiki).
        given = list(frame.argument_names())
        numbered = [n for n in given if isinstance(n, int)]
        for name in numbered + [n for n in given if not isinstance(n, int)]:
            value = frame.get_argument(name)
            if value is not None:
                names.append(name)
                values.append(value)
        return names, values

    def op_parentFrameId(self, fid: object) -> str | None:
        parent = self._frame(fid).get_parent()
        return None if parent is None else self.frame_id(parent)

    def op_getFrameTitle(self, fid: object) -> str:
        return self._frame(fid).get_title()

    def op_newChildFrame(self, fid: object, title: object, args: Any) -> str:
        if len(self._frames) > 100:
            raise LuaArgumentError("newChild: too many frames")
        frame = self._frame(fid)
        name = frame.get_title() if title is False or title is None else from_lua_str(title)
        child = frame.new_child(name, self._args(args))
        return self.frame_id(child)

    def op_expandTemplate(self, fid: object, title: object, args: Any) -> str:
        return self._frame(fid).expand_template(from_lua_str(title), self._args(args))

    def op_callParserFunction(self, fid: object, name: object, args: Any) -> str:
        values = self._args(args)
        positional = [values[k] for k in sorted(k for k in values if isinstance(k, int))]
        named = [f"{k}={v}" for k, v in values.items() if not isinstance(k, int)]
        return self._frame(fid).call_parser_function(from_lua_str(name), positional + named)

    def op_extensionTag(self, fid: object, name: object, content: object, attrs: Any) -> str:
        values = {str(k): v for k, v in self._args(attrs).items()}
        return self._frame(fid).extension_tag(from_lua_str(name), from_lua_str(content), values)

    def op_preprocess(self, fid: object, text: object) -> str:
        return self._frame(fid).preprocess(from_lua_str(text))

    # -- modules and the wiki --------------------------------------------------------------
    def module_title(self, name: str) -> str | None:
        """``Module:X`` normalised (first letter upper, underscores as spaces), or None."""
        ns, rest = self.config.split_namespace(name.replace("_", " ").strip())
        if ns != 828:
            return None
        rest = " ".join(rest.split())
        if not rest:
            return None
        return f"{self.config.namespace_name(828)}:{rest[:1].upper()}{rest[1:]}"

    def op_librarySource(self, name: object) -> bytes:
        return library_source(from_lua_str(name))

    def op_normalizeModuleTitle(self, name: object) -> str | None:
        return self.module_title(from_lua_str(name))

    def op_moduleSource(self, title: object) -> str | None:
        return self.host.page_text(from_lua_str(title))

    def op_unstripNoWiki(self, text: object) -> str:
        value = from_lua_str(text)
        unstrip = getattr(self.host, "unstrip_nowiki", None)
        return unstrip(value) if callable(unstrip) else value

    def op_unstrip(self, text: object) -> str:
        """``mw.text.unstrip``: as Scribunto, nowiki markers unstripped, the others removed."""
        value = from_lua_str(text)
        unstrip = getattr(self.host, "unstrip_general", None)
        if callable(unstrip):
            return str(unstrip(value))
        return _STRIP_MARKER.sub("", self.op_unstripNoWiki(value))

    def op_currentTitle(self) -> str:
        return self.host.current_title()

    def op_currentTime(self) -> int:
        return int(self.host.current_time())

    def op_log(self, text: object) -> None:
        if len(self.log) < 1000:
            self.log.append(from_lua_str(text))

    def op_incrementExpensiveFunctionCount(self) -> None:
        self.expensive_calls += 1
        if self.expensive_calls > self.expensive_limit:
            raise LuaArgumentError("too many expensive function calls")

    def op_addWarning(self, text: object) -> None:
        self.log.append("warning: " + from_lua_str(text))

    def op_loadJsonData(self, name: object) -> Any:
        title = from_lua_str(name)
        text = self.host.page_text(title) if title.endswith(".json") else None
        try:
            if text is None:
                raise ValueError(title)
            return json.loads(text)
        except ValueError:
            raise LuaArgumentError(
                f"bad argument #1 to 'mw.loadJsonData' ('{title}' is not a valid JSON page)"
            ) from None
