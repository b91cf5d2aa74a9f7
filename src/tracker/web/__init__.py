"""The read-only web front page (`tracker serve`), built on Datasette: optional extra `tracker[web]`.

Only `tracker.web.app` imports Datasette; `data`, `svg`, `atom` and `i18n` are plain Python.
"""
