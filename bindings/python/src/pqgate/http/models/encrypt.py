from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.encrypt_aead import EncryptAead
from ..types import UNSET, Unset

T = TypeVar("T", bound="Encrypt")


@_attrs_define
class Encrypt:
    """Symmetric keys take plaintext and aad; KEM keys (HPKE) also info and aead.

    Attributes:
        plaintext (str): The plaintext (at most 1 MiB) (base64url, at most 1048576 bytes)
        aad (str | Unset): Associated data bound to the ciphertext (not encrypted, not stored in it): decrypting needs
            the same bytes (base64url, at most 65536 bytes)
        info (str | Unset): KEM keys (HPKE) only: the `info` of the key schedule (RFC 9180 §5.1); opening needs the same
            bytes (base64url, at most 65536 bytes)
        aead (EncryptAead | Unset): KEM keys (HPKE) only: the AEAD of the suite (aead_id 0x0002 or 0x0003); AES-256-GCM
            when absent
    """

    plaintext: str
    aad: str | Unset = UNSET
    info: str | Unset = UNSET
    aead: EncryptAead | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        plaintext = self.plaintext

        aad = self.aad

        info = self.info

        aead: str | Unset = UNSET
        if not isinstance(self.aead, Unset):
            aead = self.aead.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "plaintext": plaintext,
            }
        )
        if aad is not UNSET:
            field_dict["aad"] = aad
        if info is not UNSET:
            field_dict["info"] = info
        if aead is not UNSET:
            field_dict["aead"] = aead

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        plaintext = d.pop("plaintext")

        aad = d.pop("aad", UNSET)

        info = d.pop("info", UNSET)

        _aead = d.pop("aead", UNSET)
        aead: EncryptAead | Unset
        if isinstance(_aead, Unset):
            aead = UNSET
        else:
            aead = EncryptAead(_aead)

        encrypt = cls(
            plaintext=plaintext,
            aad=aad,
            info=info,
            aead=aead,
        )

        return encrypt
