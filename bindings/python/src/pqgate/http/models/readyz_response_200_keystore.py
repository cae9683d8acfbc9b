from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.readyz_response_200_keystore_backend import ReadyzResponse200KeystoreBackend
from ..models.readyz_response_200_keystore_protection import ReadyzResponse200KeystoreProtection

T = TypeVar("T", bound="ReadyzResponse200Keystore")


@_attrs_define
class ReadyzResponse200Keystore:
    """
    Attributes:
        backend (ReadyzResponse200KeystoreBackend):
        protection (ReadyzResponse200KeystoreProtection):
        reachable (bool):
    """

    backend: ReadyzResponse200KeystoreBackend
    protection: ReadyzResponse200KeystoreProtection
    reachable: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        backend = self.backend.value

        protection = self.protection.value

        reachable = self.reachable

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "backend": backend,
                "protection": protection,
                "reachable": reachable,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        backend = ReadyzResponse200KeystoreBackend(d.pop("backend"))

        protection = ReadyzResponse200KeystoreProtection(d.pop("protection"))

        reachable = d.pop("reachable")

        readyz_response_200_keystore = cls(
            backend=backend,
            protection=protection,
            reachable=reachable,
        )

        readyz_response_200_keystore.additional_properties = d
        return readyz_response_200_keystore

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
