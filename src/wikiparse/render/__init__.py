"""Renderers: HTML, Markdown, plain text and JSON, each on the shared :class:`Renderer` base."""
