"""The SMTP transport against real servers: STARTTLS when offered, TLS from the start with
smtps://, a login from the URL, and a refusal that names no address."""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import ssl
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sharing.mail import MailError, SmtpTransport
from smallwins.mail_sink import free_port


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A throwaway CA and a certificate for 127.0.0.1 it signed: (ca, cert, key)."""
    folder = tmp_path_factory.mktemp("tls")
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Small Wins test CA")])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    paths = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )  # fmt: skip
    return paths


class _Keep:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope.content)
        return "250 OK"


def _check_login(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"wins", b"s3cr:t")
    return AuthResult(success=ok)


def _server_tls(tls_files: tuple[Path, Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tls_files[1], tls_files[2])
    return context


def _client_tls(tls_files: tuple[Path, Path, Path]) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(tls_files[0]))


@pytest.fixture
def running() -> Iterator[list[Controller]]:
    """Servers started by a test, stopped after it. aiosmtpd logs envelope addresses on its
    own loggers; the session's privacy audit is about ours, so theirs are held at WARNING."""
    loggers = [logging.getLogger(name) for name in ("mail.log", "mail.debug")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    started: list[Controller] = []
    yield started
    for controller in started:
        controller.stop()
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


def _message() -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = "A note"
    message["From"] = "Small Wins <wins@example.org>"
    message["To"] = "robin@example.org"
    message.set_content("Hello")
    return message


def test_starttls_and_login_from_the_url(
    tls_files: tuple[Path, Path, Path], running: list[Controller]
) -> None:
    keep, port = _Keep(), free_port()
    controller = Controller(
        keep, hostname="127.0.0.1", port=port, tls_context=_server_tls(tls_files),
        require_starttls=True, authenticator=_check_login, auth_require_tls=True,
        server_hostname="127.0.0.1",
    )  # fmt: skip
    controller.start()
    running.append(controller)
    url = f"smtp://wins:s3cr%3At@127.0.0.1:{port}"  # a ":" in the password, percent-encoded
    SmtpTransport(url, tls=_client_tls(tls_files)).send(_message())
    assert len(keep.messages) == 1

    with pytest.raises(MailError) as refused:
        wrong = f"smtp://wins:wrong@127.0.0.1:{port}"
        SmtpTransport(wrong, tls=_client_tls(tls_files), timeout=3).send(_message())
    assert "example.org" not in str(refused.value)
    assert refused.value.__cause__ is None and refused.value.__suppress_context__


def test_a_certificate_not_trusted_is_refused(
    tls_files: tuple[Path, Path, Path], running: list[Controller]
) -> None:
    keep, port = _Keep(), free_port()
    controller = Controller(
        keep, hostname="127.0.0.1", port=port, tls_context=_server_tls(tls_files),
        require_starttls=True,
    )  # fmt: skip
    controller.start()
    running.append(controller)
    with pytest.raises(MailError):
        SmtpTransport(f"smtp://127.0.0.1:{port}").send(_message())  # the system's roots only
    assert keep.messages == []


def test_smtps_starts_with_tls(
    tls_files: tuple[Path, Path, Path], running: list[Controller]
) -> None:
    keep, port = _Keep(), free_port()
    controller = Controller(
        keep, hostname="127.0.0.1", port=port, ssl_context=_server_tls(tls_files),
        server_hostname="127.0.0.1",
    )  # fmt: skip
    controller.start()
    running.append(controller)
    SmtpTransport(f"smtps://127.0.0.1:{port}", tls=_client_tls(tls_files)).send(_message())
    assert len(keep.messages) == 1


def test_a_server_that_is_not_there_is_a_mail_error(running: list[Controller]) -> None:
    with pytest.raises(MailError):
        SmtpTransport(f"smtp://127.0.0.1:{free_port()}", timeout=2).send(_message())
