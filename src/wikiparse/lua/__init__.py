"""Scribunto-compatible Lua (``{{#invoke:}}``) in a sandboxed Lua 5.1 runtime (lupa)."""
