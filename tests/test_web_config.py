"""ZOBOT_WEB_* settings: defaults, the public URL's form, ports and session lifetimes checked at start."""
from __future__ import annotations

import pytest

from bot.config import ConfigError, load_settings


def test_defaults_and_a_url_with_a_path():
    plain = load_settings({})
    assert (plain.web_url, plain.web_listen, plain.web_port) == (None, "127.0.0.1", 8081)
    assert (plain.web_idle_minutes, plain.web_session_hours, plain.web_secure) == (30, 8, False)
    set_ = load_settings({"ZOBOT_WEB_URL": "https://cmm.example.it/zobot/", "ZOBOT_WEB_PORT": "9000",
                          "ZOBOT_WEB_LISTEN": "0.0.0.0", "ZOBOT_WEB_IDLE_MINUTES": "15",
                          "ZOBOT_WEB_SESSION_HOURS": "12"})
    assert set_.web_url == "https://cmm.example.it/zobot" and set_.web_secure
    assert (set_.web_listen, set_.web_port, set_.web_idle_minutes, set_.web_session_hours) == ("0.0.0.0", 9000, 15, 12)
    assert not load_settings({"ZOBOT_WEB_URL": "http://127.0.0.1:8081"}).web_secure


@pytest.mark.parametrize("env, names", [
    ({"ZOBOT_WEB_URL": "zobot.example.it"}, "ZOBOT_WEB_URL"),
    ({"ZOBOT_WEB_URL": "https://zobot.example.it/?x=1"}, "ZOBOT_WEB_URL"),
    ({"ZOBOT_WEB_PORT": "0"}, "ZOBOT_WEB_PORT"),
    ({"ZOBOT_WEB_PORT": "70000"}, "ZOBOT_WEB_PORT"),
    ({"ZOBOT_WEB_IDLE_MINUTES": "mezz'ora"}, "ZOBOT_WEB_IDLE_MINUTES"),
    ({"ZOBOT_WEB_SESSION_HOURS": "500"}, "ZOBOT_WEB_SESSION_HOURS"),
    ({"ZOBOT_WEB_IDLE_MINUTES": "600", "ZOBOT_WEB_SESSION_HOURS": "2"}, "ZOBOT_WEB_IDLE_MINUTES"),
])
def test_bad_values_name_the_variable(env, names):
    with pytest.raises(ConfigError, match=names):
        load_settings(env)
