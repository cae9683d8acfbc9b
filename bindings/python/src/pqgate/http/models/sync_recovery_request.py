from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.sync_recovery_request_method import SyncRecoveryRequestMethod

T = TypeVar("T", bound="SyncRecoveryRequest")


@_attrs_define
class SyncRecoveryRequest:
    """
    Attributes:
        method (SyncRecoveryRequestMethod):
        device_id (str): The verified device that will recover, registered with this token (the challenge is bound to
            it)
    """

    method: SyncRecoveryRequestMethod
    device_id: str

    def to_dict(self) -> dict[str, Any]:
        method = self.method.value

        device_id = self.device_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "method": method,
                "deviceId": device_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        method = SyncRecoveryRequestMethod(d.pop("method"))

        device_id = d.pop("deviceId")

        sync_recovery_request = cls(
            method=method,
            device_id=device_id,
        )

        return sync_recovery_request
