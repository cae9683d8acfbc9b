from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.sync_recover_method import SyncRecoverMethod

T = TypeVar("T", bound="SyncRecover")


@_attrs_define
class SyncRecover:
    """
    Attributes:
        method (SyncRecoverMethod):
        challenge_id (str): The recovery challenge
        device_id (str): The verified device to trust
        signature (str): Hybrid ML-DSA-65 ‖ Ed25519 signature of the statement (base64url, exactly 3373 bytes)
    """

    method: SyncRecoverMethod
    challenge_id: str
    device_id: str
    signature: str

    def to_dict(self) -> dict[str, Any]:
        method = self.method.value

        challenge_id = self.challenge_id

        device_id = self.device_id

        signature = self.signature

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "method": method,
                "challengeId": challenge_id,
                "deviceId": device_id,
                "signature": signature,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        method = SyncRecoverMethod(d.pop("method"))

        challenge_id = d.pop("challengeId")

        device_id = d.pop("deviceId")

        signature = d.pop("signature")

        sync_recover = cls(
            method=method,
            challenge_id=challenge_id,
            device_id=device_id,
            signature=signature,
        )

        return sync_recover
