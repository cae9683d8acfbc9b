from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.import_suite_aead import ImportSuiteAead
from ..models.import_suite_kdf import ImportSuiteKdf
from ..models.import_suite_kem import ImportSuiteKem

T = TypeVar("T", bound="ImportSuite")


@_attrs_define
class ImportSuite:
    """
    Attributes:
        kem (ImportSuiteKem):
        kem_id (int):
        kdf (ImportSuiteKdf):
        kdf_id (int):
        aead (ImportSuiteAead):
        aead_id (int):
    """

    kem: ImportSuiteKem
    kem_id: int
    kdf: ImportSuiteKdf
    kdf_id: int
    aead: ImportSuiteAead
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
        kem = ImportSuiteKem(d.pop("kem"))

        kem_id = d.pop("kemId")

        kdf = ImportSuiteKdf(d.pop("kdf"))

        kdf_id = d.pop("kdfId")

        aead = ImportSuiteAead(d.pop("aead"))

        aead_id = d.pop("aeadId")

        import_suite = cls(
            kem=kem,
            kem_id=kem_id,
            kdf=kdf,
            kdf_id=kdf_id,
            aead=aead,
            aead_id=aead_id,
        )

        import_suite.additional_properties = d
        return import_suite

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
