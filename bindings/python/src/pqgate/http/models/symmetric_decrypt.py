from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SymmetricDecrypt")


@_attrs_define
class SymmetricDecrypt:
    """
    Attributes:
        ciphertext (str): A ciphertext of this key: 0x01 ‖ u32be(version) ‖ nonce (12) ‖ ciphertext ‖ tag (16)
            (base64url, at most 1048609 bytes)
        aad (str | Unset): Associated data bound to the ciphertext (not encrypted, not stored in it): decrypting needs
            the same bytes (base64url, at most 65536 bytes)
    """

    ciphertext: str
    aad: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        ciphertext = self.ciphertext

        aad = self.aad

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "ciphertext": ciphertext,
            }
        )
        if aad is not UNSET:
            field_dict["aad"] = aad

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ciphertext = d.pop("ciphertext")

        aad = d.pop("aad", UNSET)

        symmetric_decrypt = cls(
            ciphertext=ciphertext,
            aad=aad,
        )

        return symmetric_decrypt
