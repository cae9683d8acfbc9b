from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SyncRevokeType0")


@_attrs_define
class SyncRevokeType0:
    """
    Attributes:
        revoker_id (str): The revoking trusted device
        challenge_id (str): The revoker's revoke challenge
        signature (str): Hybrid ML-DSA-65 ‖ Ed25519 signature of the statement (base64url, exactly 3373 bytes)
    """

    revoker_id: str
    challenge_id: str
    signature: str

    def to_dict(self) -> dict[str, Any]:
        revoker_id = self.revoker_id

        challenge_id = self.challenge_id

        signature = self.signature

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "revokerId": revoker_id,
                "challengeId": challenge_id,
                "signature": signature,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        revoker_id = d.pop("revokerId")

        challenge_id = d.pop("challengeId")

        signature = d.pop("signature")

        sync_revoke_type_0 = cls(
            revoker_id=revoker_id,
            challenge_id=challenge_id,
            signature=signature,
        )

        return sync_revoke_type_0
