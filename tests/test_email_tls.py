"""The SMTP transport over STARTTLS and implicit TLS with login, against a real local server with a
certificate made by the test: certificates are verified (an unknown CA means not sent, and retried)."""
from __future__ import annotations

import shutil
import ssl
import subprocess
from dataclasses import replace

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from bot.outbox.mail import MailTransport
from bot.outbox.ports import Envelope, NotSent
from tests.mail_support import Inbox, free_port, mail_settings


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make the test's certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


def _login(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"zobot", b"segreta")
    return AuthResult(success=ok)


def _server(certificate, implicit: bool):
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    inbox = Inbox()
    # aiosmtpd offers AUTH over implicit TLS only without auth_require_tls (it checks for a STARTTLS)
    options = ({"ssl_context": context, "auth_require_tls": False} if implicit
               else {"tls_context": context, "require_starttls": True, "auth_require_tls": True})
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), authenticator=_login, **options)
    controller.start()
    inbox.port = controller.port  # type: ignore[attr-defined]
    return controller, inbox


ENVELOPE = Envelope(None, "text", "Prova <b>cifrata</b>", channel="email", address="maria@comune.example.it",
                    subject="Prova", row_id=1)


@pytest.mark.parametrize("security", ["starttls", "tls"])
async def test_encrypted_and_logged_in(settings, certificate, security):
    controller, inbox = _server(certificate, implicit=security == "tls")
    try:
        config = replace(mail_settings(settings, inbox), smtp_security=security, smtp_user="zobot",
                         smtp_password="segreta", smtp_ca_file=str(certificate[0]))
        await MailTransport(config).send(ENVELOPE)
        assert [m["To"] for m in inbox.messages] == ["maria@comune.example.it"]
        with pytest.raises(NotSent):  # an unknown certificate authority: nothing is handed over
            await MailTransport(replace(config, smtp_ca_file=None)).send(ENVELOPE)
        with pytest.raises(NotSent):  # a wrong password: not sent, retried with backoff (and then `failed`)
            await MailTransport(replace(config, smtp_password="sbagliata", smtp_timeout=2)).send(ENVELOPE)
        assert len(inbox.messages) == 1
    finally:
        controller.stop()
