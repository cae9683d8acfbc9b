from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.hpke_suite import HpkeSuite


T = TypeVar("T", bound="HpkeSealed")


@_attrs_define
class HpkeSealed:
    """
    Attributes:
        enc (str): The encapsulated key (KEM ciphertext)
        ciphertext (str): AEAD ciphertext ‖ tag (16)
        version (int): The key version whose public key it was sealed to
        suite (HpkeSuite):
    """

    enc: str
    ciphertext: str
    version: int
    suite: HpkeSuite
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enc = self.enc

        ciphertext = self.ciphertext

        version = self.version

        suite = self.suite.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "enc": enc,
                "ciphertext": ciphertext,
                "version": version,
                "suite": suite,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.hpke_suite import HpkeSuite

        d = dict(src_dict)
        enc = d.pop("enc")

        ciphertext = d.pop("ciphertext")

        version = d.pop("version")

        suite = HpkeSuite.from_dict(d.pop("suite"))

        hpke_sealed = cls(
            enc=enc,
            ciphertext=ciphertext,
            version=version,
            suite=suite,
        )

        hpke_sealed.additional_properties = d
        return hpke_sealed

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
