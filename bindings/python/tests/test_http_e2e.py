"""
``pqgate.http``, the generated HTTP client, against the real gateway (``tests/gateway.py``):
a key is created, signs and verifies (and the signature verifies here too, with the binding);
a session is established with this process's ML-KEM-768 key from the binding and the key
schedule of docs/SESSIONS.md; a data key is generated and unwrapped; refusals arrive as
``Problem`` values.
"""

from __future__ import annotations

import base64
import struct
from collections.abc import Iterator
from typing import TypeVar

import httpx
import pytest

import pqgate
from pqgate.http import AuthenticatedClient
from pqgate.http.api.data_keys import data_keys_generate, data_keys_unwrap
from pqgate.http.api.keys import keys_create, keys_read
from pqgate.http.api.sessions import sessions_confirm, sessions_create, sessions_end, sessions_open, sessions_seal
from pqgate.http.api.signing import keys_sign, keys_verify
from pqgate.http.models import (
    ClientKeySession,
    ClientKeySessionAlgorithm,
    ClientKeySessionMode,
    ConfirmSession,
    CreateKey,
    CreateKeyAlgorithm,
    DataKey,
    GenerateDataKey,
    Key,
    Opened,
    OpenRequest,
    Problem,
    Sealed,
    SealRequest,
    Session,
    SessionConfirmed,
    Signature,
    SignRequest,
    UnwrapDataKey,
    UnwrappedDataKey,
    Verdict,
    VerifyRequest,
)

from .gateway import Gateway, gateway

T = TypeVar("T")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def answer(result: object, kind: type[T]) -> T:
    """``result`` as the success model ``kind`` (a ``Problem`` or ``None`` fails with what came back)."""
    assert isinstance(result, kind), f"expected {kind.__name__}, got {result!r}"
    return result


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    with gateway(tmp_path_factory.mktemp("gateway")) as running:
        yield running


@pytest.fixture
def client(server: Gateway) -> Iterator[AuthenticatedClient]:
    with AuthenticatedClient(base_url=server.url, token=server.token, timeout=httpx.Timeout(30.0)) as api:
        yield api


def test_key_signs_and_verifies(client: AuthenticatedClient, pq: pqgate.Pqgate) -> None:
    created = answer(keys_create.sync(client=client, body=CreateKey("py-signer", CreateKeyAlgorithm.ML_DSA_65)), Key)
    assert (created.name, created.latest_version) == ("py-signer", 1)
    message, context = b"order 42", b"orders"
    body = SignRequest(message=b64(message), context=b64(context))
    signature = answer(keys_sign.sync("py-signer", client=client, body=body), Signature)
    assert signature.version == 1
    check = VerifyRequest(message=b64(message), signature=signature.signature, context=b64(context))
    assert answer(keys_verify.sync("py-signer", client=client, body=check), Verdict).valid
    check.message = b64(b"order 43")
    assert not answer(keys_verify.sync("py-signer", client=client, body=check), Verdict).valid
    # The gateway's signature is a plain ML-DSA-65 signature over the key's published public key.
    public_key = unb64(answer(keys_read.sync("py-signer", client=client), Key).versions[0].public_key)
    with pq.import_public_key("ML-DSA-65", public_key) as verifier:
        assert verifier.verify(message, unb64(signature.signature), context=context)


def _enc(field: bytes) -> bytes:
    return struct.pack(">I", len(field)) + field


def test_session_with_a_client_ml_kem_key(client: AuthenticatedClient, pq: pqgate.Pqgate) -> None:
    with pq.generate_key("ML-KEM-768") as kem:
        request = ClientKeySession(
            mode=ClientKeySessionMode.CLIENT_KEY,
            algorithm=ClientKeySessionAlgorithm.ML_KEM_768,
            client_public_key=b64(kem.public_key()),
        )
        session = answer(sessions_create.sync(client=client, body=request), Session)
        assert isinstance(session.ciphertext, str)
        ciphertext, session_id = unb64(session.ciphertext), unb64(session.session_id)
        shared = kem.decapsulate(ciphertext)
        # docs/SESSIONS.md: the transcript, its hash TH, and the key schedule from the KEM secret.
        transcript = b"".join(
            _enc(field)
            for field in (
                b"pqgate/session/v1",
                b"client-key",
                b"ML-KEM-768",
                kem.public_key(),
                b"",
                struct.pack(">I", 0),
                b"",
                ciphertext,
                session_id,
            )
        )
    th = pq.hash("SHA-256", transcript)
    okm = pq.hkdf("SHA-256", shared, b"", b"pqgate/session/v1/keys" + th, 64)
    session_key, confirm_key = okm[:32], okm[32:]
    gateway_tag = pq.hkdf("SHA-256", confirm_key, b"", b"pqgate/session/v1/confirm/gateway" + th, 32)
    client_tag = pq.hkdf("SHA-256", confirm_key, b"", b"pqgate/session/v1/confirm/client" + th, 32)
    assert unb64(session.confirmation) == gateway_tag, "both sides derived the same keys"
    sid = session.session_id
    confirmed = sessions_confirm.sync(sid, client=client, body=ConfirmSession(confirmation=b64(client_tag)))
    answer(confirmed, SessionConfirmed)

    seal = SealRequest(plaintext=b64(b"from the gateway"))
    sealed = answer(sessions_seal.sync(sid, client=client, body=seal), Sealed)
    assert pq.aead_open("AES-256-GCM", session_key, b"", unb64(sealed.sealed)) == b"from the gateway"
    mine = pq.aead_seal("AES-256-GCM", session_key, b"row 7", b"from python")
    opened = sessions_open.sync(sid, client=client, body=OpenRequest(sealed=b64(mine), aad=b64(b"row 7")))
    assert unb64(answer(opened, Opened).plaintext) == b"from python"
    wrong_aad = answer(sessions_open.sync(sid, client=client, body=OpenRequest(sealed=b64(mine))), Problem)
    assert (wrong_aad.status, wrong_aad.type_) == (422, "urn:pqgate:problem:decryption-failed")
    assert sessions_end.sync_detailed(sid, client=client).status_code == 204


def test_data_key_generate_and_unwrap(client: AuthenticatedClient) -> None:
    answer(keys_create.sync(client=client, body=CreateKey("py-kem", CreateKeyAlgorithm.ML_KEM_768)), Key)
    aad = b64(b"invoice 7")
    data_key = answer(data_keys_generate.sync("py-kem", client=client, body=GenerateDataKey(aad=aad)), DataKey)
    assert len(unb64(data_key.plaintext)) == 32
    unwrap = UnwrapDataKey(wrapped=data_key.wrapped, aad=aad)
    unwrapped = answer(data_keys_unwrap.sync("py-kem", client=client, body=unwrap), UnwrappedDataKey)
    assert unwrapped.plaintext == data_key.plaintext
    unwrap.aad = b64(b"invoice 8")
    refused = answer(data_keys_unwrap.sync("py-kem", client=client, body=unwrap), Problem)
    assert refused.status == 422


def test_refusals_are_problems(client: AuthenticatedClient, server: Gateway) -> None:
    missing = answer(keys_read.sync("no-such-key", client=client), Problem)
    assert (missing.status, missing.type_) == (404, "urn:pqgate:problem:key-not-found")
    with AuthenticatedClient(base_url=server.url, token="not-a-token") as stranger:  # noqa: S106
        assert answer(keys_read.sync("py-signer", client=stranger), Problem).status == 401
