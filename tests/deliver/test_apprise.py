"""Apprise channel: a clear error without the extra; a real delivery when apprise is installed."""

from __future__ import annotations

import json
import sys

import pytest

from tests.support.webhook import Receiver
from tracker.deliver.apprise_channel import MISSING, AppriseChannel
from tracker.deliver.message import render
from tracker.deliver.samples import make_test_message
from tracker.errors import ConfigError, DeliveryError


def test_missing_package_is_a_clear_delivery_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "apprise", None)  # makes `import apprise` fail
    with pytest.raises(DeliveryError) as err:
        AppriseChannel("ntfy://ntfy.example.org/topic").send(render(make_test_message()), "k")
    assert str(err.value) == MISSING


def test_repr_hides_the_url_and_bad_url_is_config_error() -> None:
    ch = AppriseChannel("tgram://123456:SECRET-BOT-TOKEN/987")
    assert "SECRET" not in repr(ch) and repr(ch) == "AppriseChannel(url='tgram://…')"
    with pytest.raises(ConfigError):
        AppriseChannel("not a url")


def test_delivers_through_apprise_json_url(receiver: Receiver) -> None:
    pytest.importorskip("apprise")
    rendered = render(make_test_message())
    url = receiver.url.replace("http://", "json://")
    receiver.default = 200
    AppriseChannel(url).send(rendered, "k")
    body = json.loads(receiver.deliveries[0].body)
    assert body["title"] == rendered.subject
    assert body["message"].strip() == rendered.text.strip()


def test_apprise_failure_is_a_delivery_error_without_the_url(receiver: Receiver) -> None:
    pytest.importorskip("apprise")
    receiver.default = 500
    url = receiver.url.replace("http://", "json://")
    with pytest.raises(DeliveryError) as err:
        AppriseChannel(url).send(render(make_test_message()), "k")
    assert "T0KEN" not in str(err.value) and "json://" in str(err.value)
