from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.gateway_key_session_mode import GatewayKeySessionMode
from ..types import UNSET, Unset

T = TypeVar("T", bound="GatewayKeySession")


@_attrs_define
class GatewayKeySession:
    """The client encapsulated to a stored gateway KEM key; the gateway decapsulates.

    Attributes:
        mode (GatewayKeySessionMode):
        key_name (str):  Example: orders-signer.
        ciphertext (str): The KEM ciphertext the client made with the key's public key: ML-KEM-512 768, ML-KEM-768 1088,
            ML-KEM-1024 1568, X-Wing 1120 bytes (another length is refused with 422 invalid-crypto-input INVALID_LENGTH)
            (base64url, 768 to 1568 bytes)
        version (int | Unset): The key version encapsulated to (latest).
        ttl_seconds (int | Unset): Lifetime in seconds; at most (and by default) 900.
    """

    mode: GatewayKeySessionMode
    key_name: str
    ciphertext: str
    version: int | Unset = UNSET
    ttl_seconds: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        mode = self.mode.value

        key_name = self.key_name

        ciphertext = self.ciphertext

        version = self.version

        ttl_seconds = self.ttl_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "mode": mode,
                "keyName": key_name,
                "ciphertext": ciphertext,
            }
        )
        if version is not UNSET:
            field_dict["version"] = version
        if ttl_seconds is not UNSET:
            field_dict["ttlSeconds"] = ttl_seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mode = GatewayKeySessionMode(d.pop("mode"))

        key_name = d.pop("keyName")

        ciphertext = d.pop("ciphertext")

        version = d.pop("version", UNSET)

        ttl_seconds = d.pop("ttlSeconds", UNSET)

        gateway_key_session = cls(
            mode=mode,
            key_name=key_name,
            ciphertext=ciphertext,
            version=version,
            ttl_seconds=ttl_seconds,
        )

        return gateway_key_session
