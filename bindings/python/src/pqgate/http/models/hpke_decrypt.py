from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.hpke_decrypt_aead import HpkeDecryptAead
from ..types import UNSET, Unset

T = TypeVar("T", bound="HpkeDecrypt")


@_attrs_define
class HpkeDecrypt:
    """
    Attributes:
        enc (str): The HPKE encapsulated key: the KEM ciphertext of the key's algorithm (768, 1088, 1568 or 1120 bytes)
            (base64url, 1 to 1568 bytes)
        ciphertext (str): The HPKE ciphertext: AEAD ciphertext ‖ tag (16) (base64url, at most 1048592 bytes)
        aad (str | Unset): Associated data bound to the ciphertext (not encrypted, not stored in it): decrypting needs
            the same bytes (base64url, at most 65536 bytes)
        info (str | Unset): KEM keys (HPKE) only: the `info` of the key schedule (RFC 9180 §5.1); opening needs the same
            bytes (base64url, at most 65536 bytes)
        aead (HpkeDecryptAead | Unset): KEM keys (HPKE) only: the AEAD of the suite (aead_id 0x0002 or 0x0003);
            AES-256-GCM when absent
        version (int | Unset): The key version the message was sealed to (latest)
    """

    enc: str
    ciphertext: str
    aad: str | Unset = UNSET
    info: str | Unset = UNSET
    aead: HpkeDecryptAead | Unset = UNSET
    version: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        enc = self.enc

        ciphertext = self.ciphertext

        aad = self.aad

        info = self.info

        aead: str | Unset = UNSET
        if not isinstance(self.aead, Unset):
            aead = self.aead.value

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "enc": enc,
                "ciphertext": ciphertext,
            }
        )
        if aad is not UNSET:
            field_dict["aad"] = aad
        if info is not UNSET:
            field_dict["info"] = info
        if aead is not UNSET:
            field_dict["aead"] = aead
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        enc = d.pop("enc")

        ciphertext = d.pop("ciphertext")

        aad = d.pop("aad", UNSET)

        info = d.pop("info", UNSET)

        _aead = d.pop("aead", UNSET)
        aead: HpkeDecryptAead | Unset
        if isinstance(_aead, Unset):
            aead = UNSET
        else:
            aead = HpkeDecryptAead(_aead)

        version = d.pop("version", UNSET)

        hpke_decrypt = cls(
            enc=enc,
            ciphertext=ciphertext,
            aad=aad,
            info=info,
            aead=aead,
            version=version,
        )

        return hpke_decrypt
