"""Settings: defaults, casts, and errors that name the variable and say what to do."""
import pytest

from bot.config import ConfigError, Settings, load_settings

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"


def test_defaults_need_nothing():
    s = load_settings({})
    assert s.token is None and s.database_url.startswith("sqlite+aiosqlite:///")
    assert s.api_base == "https://api.telegram.org/bot" and str(s.timezone) == "Europe/Rome"
    assert s.admins == frozenset() and s.log_level == "INFO" and s.broadcast_rate == 25
    assert s.concurrent_updates == 8


def test_values_are_cast():
    s = load_settings({"ZOBOT_TOKEN": TOKEN, "ZOBOT_ADMINS": "12, 34 56", "ZOBOT_LOG_LEVEL": "debug",
                       "ZOBOT_API_BASE": "http://127.0.0.1:8081/bot", "ZOBOT_BROADCAST_RATE": "20",
                       "ZOBOT_DATABASE_URL": "postgresql+asyncpg://u@h/db", "ZOBOT_CONCURRENT_UPDATES": "1"})
    assert s.admins == frozenset({12, 34, 56}) and s.log_level == "DEBUG" and s.broadcast_rate == 20.0
    assert s.api_base == "http://127.0.0.1:8081/bot" and not s.is_sqlite and s.concurrent_updates == 1


def test_token_is_not_in_repr():
    assert TOKEN not in repr(load_settings({"ZOBOT_TOKEN": TOKEN}))


@pytest.mark.parametrize("env, variable", [
    ({"ZOBOT_TOKEN": "not-a-token"}, "ZOBOT_TOKEN"),
    ({"ZOBOT_ADMINS": "12,abc"}, "ZOBOT_ADMINS"),
    ({"ZOBOT_TIMEZONE": "Mars/Olympus"}, "ZOBOT_TIMEZONE"),
    ({"ZOBOT_DATABASE_URL": "mysql://x"}, "ZOBOT_DATABASE_URL"),
    ({"ZOBOT_API_BASE": "ftp://x"}, "ZOBOT_API_BASE"),
    ({"ZOBOT_LOG_LEVEL": "LOUD"}, "ZOBOT_LOG_LEVEL"),
    ({"ZOBOT_BROADCAST_RATE": "45"}, "ZOBOT_BROADCAST_RATE"),
    ({"ZOBOT_WEBHOOK_SECRET": "short"}, "ZOBOT_WEBHOOK_SECRET"),
    ({"ZOBOT_RETENTION_DAYS": "-3"}, "ZOBOT_RETENTION_DAYS"),
    ({"ZOBOT_CONCURRENT_UPDATES": "0"}, "ZOBOT_CONCURRENT_UPDATES"),
    ({"ZOBOT_CONCURRENT_UPDATES": "500"}, "ZOBOT_CONCURRENT_UPDATES"),
])
def test_malformed_values_name_the_variable(env, variable):
    with pytest.raises(ConfigError, match=variable):
        load_settings(env)


def test_missing_token_explains_botfather():
    with pytest.raises(ConfigError, match="@BotFather"):
        Settings().require_token()


@pytest.mark.parametrize("env, words", [
    ({"ZOBOT_TOKEN": "not-a-token"}, "non sembra il token di un bot"),
    ({"ZOBOT_ADMINS": "12,abc"}, "ZOBOT_ADMINS='12,abc' non è un elenco di identificativi Telegram"),
    ({"ZOBOT_TIMEZONE": "Mars/Olympus"}, "ZOBOT_TIMEZONE='Mars/Olympus' non è un fuso orario IANA"),
    ({"ZOBOT_BROADCAST_RATE": "45"}, "ZOBOT_BROADCAST_RATE deve essere al massimo 30"),
    ({"ZOBOT_RETENTION_DAYS": "-3"}, "ZOBOT_RETENTION_DAYS='-3' deve essere un numero positivo"),
    ({"ZOBOT_WEB_URL": "https://zobot.example.it/?x=1"}, "deve essere un indirizzo di base"),
    ({"ZOBOT_WEB_IDLE_MINUTES": "600", "ZOBOT_WEB_SESSION_HOURS": "2"}, "non deve superare"),
])
def test_errors_speak_italian_with_the_value(env, words):
    """The operator reads these (`zobot …` exits with them): Italian, with the value given, no English left."""
    with pytest.raises(ConfigError) as caught:
        load_settings(env)
    message = str(caught.value)
    assert words in message
    assert not {"must", "should", "use", "is", "not", "the"} & set(message.replace(".", " ").split())


def test_missing_token_is_explained_in_italian():
    message = str(pytest.raises(ConfigError, Settings().require_token).value)
    assert "non è impostato" in message and "Creare un bot con @BotFather" in message and "Create" not in message
