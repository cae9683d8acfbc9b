from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SyncApprove")


@_attrs_define
class SyncApprove:
    """
    Attributes:
        approver_id (str): The approving trusted device (the challenge was issued to it)
        challenge_id (str): The approver's approve challenge
        signature (str): Hybrid ML-DSA-65 ‖ Ed25519 signature of the statement (base64url, exactly 3373 bytes)
    """

    approver_id: str
    challenge_id: str
    signature: str

    def to_dict(self) -> dict[str, Any]:
        approver_id = self.approver_id

        challenge_id = self.challenge_id

        signature = self.signature

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "approverId": approver_id,
                "challengeId": challenge_id,
                "signature": signature,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        approver_id = d.pop("approverId")

        challenge_id = d.pop("challengeId")

        signature = d.pop("signature")

        sync_approve = cls(
            approver_id=approver_id,
            challenge_id=challenge_id,
            signature=signature,
        )

        return sync_approve
