"""Delivery-test servers: SMTP needing AUTH, STARTTLS or implicit TLS, and a webhook receiver."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.smtp import Smtp
from tests.support.webhook import Receiver

USER, PASSWORD = "alerts", "s3cret-smtp-pw"


@pytest.fixture
def smtp_auth() -> Iterator[Smtp]:
    """SMTP that requires AUTH (allowed without TLS, for the test only)."""
    with Smtp(login=(USER, PASSWORD)) as s:
        yield s


@pytest.fixture(scope="session")
def tls_cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with the openssl CLI."""
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def smtp_starttls(tls_cert: tuple[Path, Path]) -> Iterator[Smtp]:
    """SMTP that requires STARTTLS before MAIL."""
    with Smtp(security="starttls", cert=tls_cert) as s:
        yield s


@pytest.fixture
def smtps(tls_cert: tuple[Path, Path]) -> Iterator[Smtp]:
    """SMTP over implicit TLS (port-465 style)."""
    with Smtp(security="tls", cert=tls_cert) as s:
        yield s


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A webhook receiver whose URL carries a token in its path (which errors must not show)."""
    r = Receiver(path="/hooks/T0KEN-in-path").start()
    yield r
    r.stop()
