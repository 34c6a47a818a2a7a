"""The Scribunto engine: ``{{#invoke:}}`` in a sandboxed Lua 5.1 runtime (lupa.lua51).

One :class:`ScribuntoEngine` per worker; :meth:`ScribuntoEngine.reset` per page drops the
Lua state, so nothing a module does on one page can be seen on the next.  The Lua side
(``lualib/runtime.lua``) builds every module environment from Scribunto's allow-list and
talks to Python through one bridge function that only its own locals can reach; this side
answers the bridge's operations (:mod:`wikiparse.lua.bridge`).

Why lupa.lua51 and not LuaJIT: Scribunto's language is Lua 5.1, and LuaJIT's compiled loops
do not run the instruction-count hook that enforces the CPU limit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import lupa.lua51 as lua51  # type: ignore[import-untyped]

from wikiparse.config import ParserConfig
from wikiparse.lua.bridge import Bridge, library_source
from wikiparse.lua.host import LuaFrame, LuaHost, ScriptError
from wikiparse.lua.values import from_lua_str, to_lua

__all__ = ["ScribuntoEngine", "ScriptError"]

_LOCATION = re.compile(r"^(Module:[^\n]*?|[^:\n]+):(\d+): (.*)\Z", re.DOTALL)
_TIMEOUT_MESSAGE = "The time allocated for running scripts has expired."
_OOM_MESSAGE = "The amount of memory allowed for running scripts has been exceeded."


def _deny_attributes(obj: object, name: object, setting: bool) -> object:
    """lupa attribute filter: Lua code may never read or write a Python attribute."""
    raise AttributeError("access denied")


def lua_error_message(message: str) -> str:
    """MediaWiki's text for a Lua error: ``Lua error in Module:X at line 3: msg.``.

    As Scribunto, any ``chunk:line:`` prefix is a location, a library's too (``Lua error in
    mw.text.lua at line 12: …``; our libraries carry Scribunto's file names)."""
    match = _LOCATION.match(message)
    if match:
        return f"Lua error in {match.group(1)} at line {match.group(2)}: {match.group(3)}."
    return f"Lua error: {message}."


class ScribuntoEngine:
    """Runs ``{{#invoke:Module|function}}`` for the expander, with Scribunto's limits."""

    __slots__ = (
        "_api",
        "_bridge",
        "_config",
        "_cpu_left",
        "_host",
        "_lua",
        "_memory",
        "_page_cpu",
        "_stale",
        "diagnostics",
    )

    def __init__(
        self,
        host: LuaHost,
        *,
        cpu_seconds: float = 7.0,
        memory_bytes: int = 50 * 2**20,
        config: ParserConfig | None = None,
        expensive_limit: int = 100,
    ) -> None:
        self._host = host
        self._page_cpu = cpu_seconds
        self._cpu_left = cpu_seconds
        self._memory = memory_bytes
        self._config = config or ParserConfig()
        self._lua: Any = None
        self._api: Any = None
        self._stale = False
        #: The page's script errors and limit hits, in order (cleared by ``reset``).
        self.diagnostics: list[str] = []
        self._bridge = Bridge(host, self._config)
        self._bridge.expensive_limit = expensive_limit

    # -- lifecycle -------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget the page: a fresh Lua state, caches and CPU budget for the next one."""
        self._lua = None
        self._api = None
        self._stale = False
        self.diagnostics = []
        self._cpu_left = self._page_cpu
        self._bridge.reset()

    def _runtime(self) -> Any:
        """The page's Lua state and the API table ``runtime.lua`` returned, created lazily."""
        if self._api is None:
            lua = lua51.LuaRuntime(
                encoding=None,
                register_eval=False,
                register_builtins=False,
                unpack_returned_tuples=True,
                attribute_filter=_deny_attributes,
                max_memory=0,
            )
            self._bridge.attach(lua)
            # Named as Scribunto names its files, so that an error raised in the runtime or a
            # library reads "Lua error in mw.lua at line N" (the line is ours, not Scribunto's).
            chunk = lua.globals().loadstring(library_source("runtime"), b"=mw.lua")
            api = chunk(self._bridge.dispatch)
            # The allocator limit applies from here: the libraries are loaded.
            lua.set_max_memory(self._memory, total=True)
            self._lua, self._api = lua, api
        return self._api

    # -- reports ---------------------------------------------------------------------------
    @property
    def log(self) -> list[str]:
        """What ``mw.log``/``mw.logObject`` wrote on this page."""
        return list(self._bridge.log)

    def limit_report(self) -> dict[str, float]:
        """Lua CPU seconds used and Lua memory in use, like MediaWiki's limit report."""
        memory = self._lua.get_memory_used() if self._lua is not None else 0
        return {
            "cpu_seconds": self._page_cpu - max(self._cpu_left, 0.0),
            "cpu_limit": self._page_cpu,
            "memory_bytes": float(memory or 0),
            "memory_limit": float(self._memory),
        }

    # -- the entry point -------------------------------------------------------------------
    def invoke(
        self,
        module_title: str,
        function_name: str,
        frame: LuaFrame,
        *,
        shown_name: str | None = None,
    ) -> str:
        """Run ``function_name`` of ``module_title`` with ``frame``; return its output text.

        ``module_title`` is the module's full title (``Module:String``); a name without the
        namespace (what ``{{#invoke:String|…}}`` says) is taken as one in ``Module:``.
        ``shown_name`` is the name as the ``#invoke`` wrote it, which MediaWiki's "No such
        module" message quotes (``{{#invoke:module:foo|…}}`` says "module:foo").

        Raises :class:`ScriptError` with MediaWiki's message for every failure, including
        the CPU and memory limits; after those, the rest of the page's invokes fail too
        (the budget is per page, as in MediaWiki).
        """
        try:
            return self._invoke(module_title, function_name, frame, shown_name)
        except ScriptError as exc:
            self.diagnostics.append(f"{module_title}|{function_name}: {exc}")
            raise

    def _invoke(
        self, module_title: str, function_name: str, frame: LuaFrame, shown_name: str | None
    ) -> str:
        name = module_title.strip()
        title = self._bridge.module_title(name)
        if title is None:  # the bare #invoke name ("String" for Module:String)
            title = self._bridge.module_title(f"Module:{name}")
        if title is None or self._host.page_text(title) is None:
            if shown_name is None:
                shown_name = name.split(":", 1)[1] if title and name.startswith("Module:") else name
            raise ScriptError(f'Script error: No such module "{shown_name}".')
        # an empty name is a name like any other (Module:Unsubst exports p['']): only a call
        # without any function argument is "You must specify a function to call", and the
        # expander reports that before it gets here
        function_name = function_name.strip()
        self._runtime()
        frame_id = self._bridge.frame_id(frame)
        parent = frame.get_parent()
        parent_id = self._bridge.frame_id(parent) if parent is not None else None
        out = self._run(
            lambda api, budget: api.invoke(
                to_lua(title), to_lua(function_name), frame_id, parent_id, budget
            ),
            function_name,
        )
        # A NUL a module returns stays in MediaWiki's output until its HTML5 tidy turns it
        # into U+FFFD; our parser drops NULs (as MediaWiki does in page text), so it is
        # replaced here.
        return out.replace("\x00", "\ufffd") if "\x00" in out else out

    def run_chunk(self, source: str, name: str, frame: LuaFrame) -> list[Any]:
        """Run Lua source in a fresh module environment; its results as Python values.

        For the test harness and diagnostics; ``invoke`` is the expander's entry point.
        """
        self._runtime()
        frame_id = self._bridge.frame_id(frame)
        results: list[Any] = []

        def call(api: Any, budget: float) -> Any:
            out = api.runChunk(to_lua(source), to_lua(name), frame_id, budget)
            results.extend(out[1:] if isinstance(out, tuple) else [])
            return out

        self._run(call, "", raw=True)
        return results

    def _run(
        self, call: Callable[[Any, float], Any], function_name: str, *, raw: bool = False
    ) -> str:
        """Call into Lua under the page's budget and turn failures into ScriptError."""
        if self._cpu_left <= 0:
            raise ScriptError(f"Lua error: {_TIMEOUT_MESSAGE}")
        api = self._runtime()
        outermost = not self._bridge.in_lua
        self._bridge.in_lua = True
        start = self._bridge.cpu_clock()
        try:
            result = call(api, self._cpu_left)
        except lua51.LuaMemoryError:
            self._stale = True  # untrustworthy now: the next page-level invoke gets a new state
            raise ScriptError(f"Lua error: {_OOM_MESSAGE}") from None
        except lua51.LuaError as exc:  # an error outside the protected call (should not happen)
            raise ScriptError(lua_error_message(from_lua_str(exc.args[0]))) from None
        finally:
            if outermost:
                if self._stale:
                    self._api = None
                    self._stale = False
                self._bridge.in_lua = False
                self._cpu_left -= max(
                    0.0, self._bridge.cpu_clock() - start - self._bridge.host_time
                )
                self._bridge.host_time = 0.0
        return self._result(result, function_name, raw)

    def _result(self, result: Any, function_name: str, raw: bool) -> str:
        """Interpret ``(ok, status-or-kind, value)`` from runtime.lua."""
        if not isinstance(result, tuple):
            result = (result,)
        ok = result[0]
        if ok is True:
            if raw:
                return ""
            status = from_lua_str(result[1])
            if status == "ok":
                return from_lua_str(result[2])
            if status == "nomodule":
                raise ScriptError("Script error: No such module.")
            if status == "notable":
                kind = from_lua_str(result[2])
                raise ScriptError(
                    f"Script error: The module returned a {kind} value. "
                    "It is supposed to return an export table."
                )
            if status == "nofunction":
                raise ScriptError(f'Script error: The function "{function_name}" does not exist.')
            raise ScriptError(f'Script error: "{function_name}" is not a function.')
        kind = from_lua_str(result[1])
        if kind == "wikiparse:timeout":
            self._cpu_left = 0.0
            raise ScriptError(f"Lua error: {_TIMEOUT_MESSAGE}")
        if kind == "wikiparse:oom":
            self._stale = True
            if not self._bridge.in_lua:
                self._api, self._stale = None, False
            raise ScriptError(f"Lua error: {_OOM_MESSAGE}")
        raise ScriptError(lua_error_message(from_lua_str(result[2])))
