from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.key_algorithm import KeyAlgorithm
from ..models.key_message_limit_action import KeyMessageLimitAction
from ..models.key_protection import KeyProtection
from ..models.key_purpose import KeyPurpose

if TYPE_CHECKING:
    from ..models.key_version import KeyVersion


T = TypeVar("T", bound="Key")


@_attrs_define
class Key:
    """
    Attributes:
        name (str):
        algorithm (KeyAlgorithm):
        purpose (KeyPurpose):
        protection (KeyProtection):
        latest_version (int):
        min_decryption_version (int):
        auto_rotate_seconds (int | None):
        deletion_allowed (bool):
        message_limit_action (KeyMessageLimitAction): At the per-version message limit of an encryption key: add a
            version (rotate) or answer 409 (refuse).
        deletion_after (datetime.datetime | None):
        enabled (bool): false: every private-key use is refused (409 key-disabled); verification goes on
        exportable (bool): Always false: a private key never leaves the gateway (only wrapped by the keystore)
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        versions (list[KeyVersion]):
    """

    name: str
    algorithm: KeyAlgorithm
    purpose: KeyPurpose
    protection: KeyProtection
    latest_version: int
    min_decryption_version: int
    auto_rotate_seconds: int | None
    deletion_allowed: bool
    message_limit_action: KeyMessageLimitAction
    deletion_after: datetime.datetime | None
    enabled: bool
    exportable: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    versions: list[KeyVersion]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        algorithm = self.algorithm.value

        purpose = self.purpose.value

        protection = self.protection.value

        latest_version = self.latest_version

        min_decryption_version = self.min_decryption_version

        auto_rotate_seconds: int | None
        auto_rotate_seconds = self.auto_rotate_seconds

        deletion_allowed = self.deletion_allowed

        message_limit_action = self.message_limit_action.value

        deletion_after: None | str
        if isinstance(self.deletion_after, datetime.datetime):
            deletion_after = self.deletion_after.isoformat()
        else:
            deletion_after = self.deletion_after

        enabled = self.enabled

        exportable = self.exportable

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        versions = []
        for versions_item_data in self.versions:
            versions_item = versions_item_data.to_dict()
            versions.append(versions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "algorithm": algorithm,
                "purpose": purpose,
                "protection": protection,
                "latestVersion": latest_version,
                "minDecryptionVersion": min_decryption_version,
                "autoRotateSeconds": auto_rotate_seconds,
                "deletionAllowed": deletion_allowed,
                "messageLimitAction": message_limit_action,
                "deletionAfter": deletion_after,
                "enabled": enabled,
                "exportable": exportable,
                "createdAt": created_at,
                "updatedAt": updated_at,
                "versions": versions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.key_version import KeyVersion

        d = dict(src_dict)
        name = d.pop("name")

        algorithm = KeyAlgorithm(d.pop("algorithm"))

        purpose = KeyPurpose(d.pop("purpose"))

        protection = KeyProtection(d.pop("protection"))

        latest_version = d.pop("latestVersion")

        min_decryption_version = d.pop("minDecryptionVersion")

        def _parse_auto_rotate_seconds(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        auto_rotate_seconds = _parse_auto_rotate_seconds(d.pop("autoRotateSeconds"))

        deletion_allowed = d.pop("deletionAllowed")

        message_limit_action = KeyMessageLimitAction(d.pop("messageLimitAction"))

        def _parse_deletion_after(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deletion_after_type_0 = datetime.datetime.fromisoformat(data)

                return deletion_after_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        deletion_after = _parse_deletion_after(d.pop("deletionAfter"))

        enabled = d.pop("enabled")

        exportable = d.pop("exportable")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        versions = []
        _versions = d.pop("versions")
        for versions_item_data in _versions:
            versions_item = KeyVersion.from_dict(versions_item_data)

            versions.append(versions_item)

        key = cls(
            name=name,
            algorithm=algorithm,
            purpose=purpose,
            protection=protection,
            latest_version=latest_version,
            min_decryption_version=min_decryption_version,
            auto_rotate_seconds=auto_rotate_seconds,
            deletion_allowed=deletion_allowed,
            message_limit_action=message_limit_action,
            deletion_after=deletion_after,
            enabled=enabled,
            exportable=exportable,
            created_at=created_at,
            updated_at=updated_at,
            versions=versions,
        )

        key.additional_properties = d
        return key

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
