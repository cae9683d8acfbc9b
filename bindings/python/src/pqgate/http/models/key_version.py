from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.key_version_hybrid_scheme_type_0 import KeyVersionHybridSchemeType0
from ..models.key_version_hybrid_scheme_type_1 import KeyVersionHybridSchemeType1
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
        hybrid_scheme (KeyVersionHybridSchemeType0 | KeyVersionHybridSchemeType1 | Unset): ML-DSA-65+Ed25519 versions
            only: the signature construction this version signs and verifies with (1: legacy, 2: composite with public-key
            binding; docs/API.md)
    """

    version: int
    public_key: str
    created_at: datetime.datetime
    enabled: bool
    hybrid_scheme: KeyVersionHybridSchemeType0 | KeyVersionHybridSchemeType1 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        version = self.version

        public_key = self.public_key

        created_at = self.created_at.isoformat()

        enabled = self.enabled

        hybrid_scheme: int | Unset
        if isinstance(self.hybrid_scheme, Unset):
            hybrid_scheme = UNSET
        elif isinstance(self.hybrid_scheme, KeyVersionHybridSchemeType0):
            hybrid_scheme = self.hybrid_scheme.value
        else:
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

        def _parse_hybrid_scheme(data: object) -> KeyVersionHybridSchemeType0 | KeyVersionHybridSchemeType1 | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, int):
                    raise TypeError()
                hybrid_scheme_type_0 = KeyVersionHybridSchemeType0(data)

                return hybrid_scheme_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, int):
                raise TypeError()
            hybrid_scheme_type_1 = KeyVersionHybridSchemeType1(data)

            return hybrid_scheme_type_1

        hybrid_scheme = _parse_hybrid_scheme(d.pop("hybridScheme", UNSET))

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
