"""The one set of HTTP defaults: the config's `[http]` section and `fetch.FetchSettings` both
read them, so a client built in code behaves like the daemon built from an empty config."""

from __future__ import annotations

from tracker import __version__

USER_AGENT = f"tracker/{__version__} (+https://github.com/tracker-pk/tracker; Pakistan IT-exports monitor)"
CONNECT_TIMEOUT_SECONDS = 10.0
READ_TIMEOUT_SECONDS = 30.0  # longest silence between two reads
DEADLINE_SECONDS = 120.0  # one request, retries included
MAX_RETRIES = 3
MAX_BYTES = 20_000_000
MIN_HOST_INTERVAL_SECONDS = 2.0
MAX_COMPRESSION_RATIO = 100.0  # decoded/wire bytes past 1 MB: refused as a bomb
