from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.key_version_hybrid_scheme import KeyVersionHybridScheme
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeyVersion")


@_attrs_define
class KeyVersion:
    """
    Attributes:
        version (int):
        public_key (str):
        created_at (datetime.datetime):
        enabled (bool):
        hybrid_scheme (KeyVersionHybridScheme | Unset): ML-DSA-65+Ed25519 versions only: the signature construction this
            version signs and verifies with (1: legacy, 2: composite with public-key binding; docs/API.md)
    """

    version: int
    public_key: str
    created_at: datetime.datetime
    enabled: bool
    hybrid_scheme: KeyVersionHybridScheme | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        version = self.version

        public_key = self.public_key

        created_at = self.created_at.isoformat()

        enabled = self.enabled

        hybrid_scheme: int | Unset = UNSET
        if not isinstance(self.hybrid_scheme, Unset):
            hybrid_scheme = self.hybrid_scheme.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "version": version,
                "publicKey": public_key,
                "createdAt": created_at,
                "enabled": enabled,
            }
        )
        if hybrid_scheme is not UNSET:
            field_dict["hybridScheme"] = hybrid_scheme

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        version = d.pop("version")

        public_key = d.pop("publicKey")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        enabled = d.pop("enabled")

        _hybrid_scheme = d.pop("hybridScheme", UNSET)
        hybrid_scheme: KeyVersionHybridScheme | Unset
        if isinstance(_hybrid_scheme, Unset):
            hybrid_scheme = UNSET
        else:
            hybrid_scheme = KeyVersionHybridScheme(_hybrid_scheme)

        key_version = cls(
            version=version,
            public_key=public_key,
            created_at=created_at,
            enabled=enabled,
            hybrid_scheme=hybrid_scheme,
        )

        key_version.additional_properties = d
        return key_version

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
