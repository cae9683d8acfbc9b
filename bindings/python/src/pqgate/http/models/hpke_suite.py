from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.hpke_suite_aead import HpkeSuiteAead
from ..models.hpke_suite_kdf import HpkeSuiteKdf
from ..models.hpke_suite_kem import HpkeSuiteKem

T = TypeVar("T", bound="HpkeSuite")


@_attrs_define
class HpkeSuite:
    """
    Attributes:
        kem (HpkeSuiteKem):
        kem_id (int): draft-ietf-hpke-pq: 0x0040, 0x0041, 0x0042, 0x647a
        kdf (HpkeSuiteKdf):
        kdf_id (int): 0x0001
        aead (HpkeSuiteAead):
        aead_id (int): 0x0002 or 0x0003
    """

    kem: HpkeSuiteKem
    kem_id: int
    kdf: HpkeSuiteKdf
    kdf_id: int
    aead: HpkeSuiteAead
    aead_id: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kem = self.kem.value

        kem_id = self.kem_id

        kdf = self.kdf.value

        kdf_id = self.kdf_id

        aead = self.aead.value

        aead_id = self.aead_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kem": kem,
                "kemId": kem_id,
                "kdf": kdf,
                "kdfId": kdf_id,
                "aead": aead,
                "aeadId": aead_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kem = HpkeSuiteKem(d.pop("kem"))

        kem_id = d.pop("kemId")

        kdf = HpkeSuiteKdf(d.pop("kdf"))

        kdf_id = d.pop("kdfId")

        aead = HpkeSuiteAead(d.pop("aead"))

        aead_id = d.pop("aeadId")

        hpke_suite = cls(
            kem=kem,
            kem_id=kem_id,
            kdf=kdf,
            kdf_id=kdf_id,
            aead=aead,
            aead_id=aead_id,
        )

        hpke_suite.additional_properties = d
        return hpke_suite

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
