"""Test helpers: one of each local stand-in (tests/README.md says which to use for what)."""
