"""Template and parser-function expansion, as MediaWiki's preprocessor does it.

Expansion turns wikitext into expanded wikitext (what Special:ExpandTemplates shows); the
parser then reads the expanded text with braces taken as text.
"""
