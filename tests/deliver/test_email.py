"""Email channel against a real aiosmtpd server on 127.0.0.1 (plain, AUTH, STARTTLS, TLS)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support.ports import free_port
from tests.support.smtp import Smtp
from tracker.deliver.email import EmailChannel, EmailSettings, message_id
from tracker.deliver.message import RenderedMessage, render
from tracker.deliver.samples import make_test_message
from tracker.errors import ConfigError, DeliveryError

from .conftest import PASSWORD, USER

KEY = "all_time_high:it_exports:2025-12:v1"


@pytest.fixture
def rendered() -> RenderedMessage:
    return render(make_test_message(datetime(2026, 1, 20, tzinfo=UTC)))


def settings(port: int = 25, **kw: object) -> EmailSettings:
    base: dict[str, object] = dict(
        host="127.0.0.1", port=port, security="none", from_addr="tracker@example.org",
        to=["analyst@example.org", "desk@example.net"], timeout_seconds=5,
    )  # fmt: skip
    base.update(kw)
    return EmailSettings(**base)  # type: ignore[arg-type]


def test_message_arrives_with_both_parts_and_subject(smtp: Smtp, rendered: RenderedMessage) -> None:
    EmailChannel(settings(smtp.port)).send(rendered, KEY)
    [(mail_from, rcpts)] = smtp.mailbox.envelopes
    [msg] = smtp.mailbox.messages
    assert mail_from == "tracker@example.org"
    assert rcpts == ["analyst@example.org", "desk@example.net"]
    assert msg["Subject"] == rendered.subject
    assert msg.get_content_type() == "multipart/alternative"
    plain, html = msg.get_body(("plain",)), msg.get_body(("html",))
    assert plain is not None and "TEST MESSAGE" in plain.get_content()
    assert html is not None and "<strong>TEST MESSAGE</strong>" in html.get_content()
    assert msg["Message-ID"] == message_id(KEY, "tracker@example.org")


def test_message_id_is_stable_per_key_and_differs_between_keys() -> None:
    a = message_id(KEY, "Tracker <tracker@example.org>")
    assert a == message_id(KEY, "tracker@example.org")
    assert a != message_id(KEY + "x", "tracker@example.org")
    assert a.startswith("<tracker.") and a.endswith("@example.org>")


AUTH_WITHOUT_TLS = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@AUTH_WITHOUT_TLS
def test_login_with_username_and_password(smtp_auth: Smtp, rendered: RenderedMessage) -> None:
    EmailChannel(settings(smtp_auth.port, username=USER, password=PASSWORD)).send(rendered, KEY)
    assert len(smtp_auth.mailbox.messages) == 1


@AUTH_WITHOUT_TLS
def test_wrong_password_is_a_delivery_error_without_the_password(
    smtp_auth: Smtp, rendered: RenderedMessage
) -> None:
    wrong = "wrong-Pa55word-xyz"
    with pytest.raises(DeliveryError) as err:
        EmailChannel(settings(smtp_auth.port, username=USER, password=wrong)).send(rendered, KEY)
    assert "login refused" in str(err.value)
    assert wrong not in str(err.value) and "\n" not in str(err.value)
    assert smtp_auth.mailbox.messages == []


def test_refused_connection_is_a_delivery_error(rendered: RenderedMessage) -> None:
    port = free_port()  # nothing listens there
    with pytest.raises(DeliveryError, match=rf"smtp 127\.0\.0\.1:{port}: ConnectionRefusedError"):
        EmailChannel(settings(port)).send(rendered, KEY)


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A socket that accepts TCP connections but never sends the SMTP greeting."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(5)
        yield int(s.getsockname()[1])


def test_server_that_never_answers_times_out(silent_port: int, rendered: RenderedMessage) -> None:
    with pytest.raises(DeliveryError, match=r"timed out after 0\.3s"):
        EmailChannel(settings(silent_port, timeout_seconds=0.3)).send(rendered, KEY)


def test_starttls_with_the_servers_ca(
    smtp_starttls: Smtp, tls_cert: tuple[Path, Path], rendered: RenderedMessage
) -> None:
    s = settings(smtp_starttls.port, security="starttls", ca_file=str(tls_cert[0]))
    EmailChannel(s).send(rendered, KEY)
    assert smtp_starttls.mailbox.messages[0]["Subject"] == rendered.subject


def test_starttls_with_an_untrusted_certificate_fails(smtp_starttls: Smtp, rendered: RenderedMessage) -> None:
    with pytest.raises(DeliveryError, match="TLS failed"):
        EmailChannel(settings(smtp_starttls.port, security="starttls")).send(rendered, KEY)
    assert smtp_starttls.mailbox.messages == []


def test_plain_connection_to_a_starttls_only_server_is_refused(
    smtp_starttls: Smtp, rendered: RenderedMessage
) -> None:
    with pytest.raises(DeliveryError, match="530"):
        EmailChannel(settings(smtp_starttls.port)).send(rendered, KEY)


def test_implicit_tls(smtps: Smtp, tls_cert: tuple[Path, Path], rendered: RenderedMessage) -> None:
    EmailChannel(settings(smtps.port, security="tls", ca_file=str(tls_cert[0]))).send(rendered, KEY)
    assert len(smtps.mailbox.messages) == 1


def test_repr_hides_the_password() -> None:
    s = settings(25, username=USER, password=PASSWORD)
    assert PASSWORD not in repr(s) and PASSWORD not in repr(EmailChannel(s))
    assert "password='***'" in repr(s)


@pytest.mark.parametrize(
    ("kw", "needle"),
    [
        ({"security": "ssl"}, "security must be one of"),
        ({"to": []}, "no recipients"),
        ({"to": ["not-an-address"]}, "not valid"),
        ({"password": "x"}, "username is not"),
        ({"port": 0}, "port must be"),
    ],
)
def test_bad_settings_are_config_errors(kw: dict[str, object], needle: str) -> None:
    with pytest.raises(ConfigError, match=needle):
        settings(**kw)
