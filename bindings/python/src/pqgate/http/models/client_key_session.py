from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.client_key_session_algorithm import ClientKeySessionAlgorithm
from ..models.client_key_session_mode import ClientKeySessionMode
from ..types import UNSET, Unset

T = TypeVar("T", bound="ClientKeySession")


@_attrs_define
class ClientKeySession:
    """The gateway encapsulates to the client's key and returns the ciphertext.

    Attributes:
        mode (ClientKeySessionMode):
        algorithm (ClientKeySessionAlgorithm):  Example: ML-KEM-768.
        client_public_key (str): The client's KEM public (encapsulation) key: ML-KEM-512 800, ML-KEM-768 1184, ML-
            KEM-1024 1568, X-Wing 1216 bytes (another length is refused with 422 invalid-crypto-input INVALID_LENGTH)
            (base64url, 800 to 1568 bytes)
        ttl_seconds (int | Unset): Lifetime in seconds; at most (and by default) 900.
    """

    mode: ClientKeySessionMode
    algorithm: ClientKeySessionAlgorithm
    client_public_key: str
    ttl_seconds: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        mode = self.mode.value

        algorithm = self.algorithm.value

        client_public_key = self.client_public_key

        ttl_seconds = self.ttl_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "mode": mode,
                "algorithm": algorithm,
                "clientPublicKey": client_public_key,
            }
        )
        if ttl_seconds is not UNSET:
            field_dict["ttlSeconds"] = ttl_seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mode = ClientKeySessionMode(d.pop("mode"))

        algorithm = ClientKeySessionAlgorithm(d.pop("algorithm"))

        client_public_key = d.pop("clientPublicKey")

        ttl_seconds = d.pop("ttlSeconds", UNSET)

        client_key_session = cls(
            mode=mode,
            algorithm=algorithm,
            client_public_key=client_public_key,
            ttl_seconds=ttl_seconds,
        )

        return client_key_session
