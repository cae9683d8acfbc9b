from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.configure_key_message_limit_action import ConfigureKeyMessageLimitAction
from ..types import UNSET, Unset

T = TypeVar("T", bound="ConfigureKey")


@_attrs_define
class ConfigureKey:
    """
    Attributes:
        min_decryption_version (int | Unset):
        auto_rotate_seconds (int | None | Unset):
        deletion_allowed (bool | Unset):
        enabled (bool | Unset): false disables the key at once on every replica: every private-key use (sign, data keys,
            gateway-key sessions) is refused with 409 key-disabled; verification goes on. true enables it again.
        message_limit_action (ConfigureKeyMessageLimitAction | Unset): At the per-version message limit of an encryption
            key: add a version (rotate) or answer 409 (refuse).
    """

    min_decryption_version: int | Unset = UNSET
    auto_rotate_seconds: int | None | Unset = UNSET
    deletion_allowed: bool | Unset = UNSET
    enabled: bool | Unset = UNSET
    message_limit_action: ConfigureKeyMessageLimitAction | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        min_decryption_version = self.min_decryption_version

        auto_rotate_seconds: int | None | Unset
        if isinstance(self.auto_rotate_seconds, Unset):
            auto_rotate_seconds = UNSET
        else:
            auto_rotate_seconds = self.auto_rotate_seconds

        deletion_allowed = self.deletion_allowed

        enabled = self.enabled

        message_limit_action: str | Unset = UNSET
        if not isinstance(self.message_limit_action, Unset):
            message_limit_action = self.message_limit_action.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if min_decryption_version is not UNSET:
            field_dict["minDecryptionVersion"] = min_decryption_version
        if auto_rotate_seconds is not UNSET:
            field_dict["autoRotateSeconds"] = auto_rotate_seconds
        if deletion_allowed is not UNSET:
            field_dict["deletionAllowed"] = deletion_allowed
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if message_limit_action is not UNSET:
            field_dict["messageLimitAction"] = message_limit_action

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        min_decryption_version = d.pop("minDecryptionVersion", UNSET)

        def _parse_auto_rotate_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        auto_rotate_seconds = _parse_auto_rotate_seconds(d.pop("autoRotateSeconds", UNSET))

        deletion_allowed = d.pop("deletionAllowed", UNSET)

        enabled = d.pop("enabled", UNSET)

        _message_limit_action = d.pop("messageLimitAction", UNSET)
        message_limit_action: ConfigureKeyMessageLimitAction | Unset
        if isinstance(_message_limit_action, Unset):
            message_limit_action = UNSET
        else:
            message_limit_action = ConfigureKeyMessageLimitAction(_message_limit_action)

        configure_key = cls(
            min_decryption_version=min_decryption_version,
            auto_rotate_seconds=auto_rotate_seconds,
            deletion_allowed=deletion_allowed,
            enabled=enabled,
            message_limit_action=message_limit_action,
        )

        return configure_key
