"""Six real kinds of mwparserfromhell script, each runnable with either library.

Every script's first import line is ``import mwparserfromhell as mwp``; tests/test_mwph_compat.py
runs it as written and with that line replaced by ``import wikiparse as mwp``, on every sample
page, and compares the results.  Changes a port needs beyond the import line are marked
``# PORT:`` and listed in docs/migrating.md.
"""
