from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SyncSignedChallenge")


@_attrs_define
class SyncSignedChallenge:
    """
    Attributes:
        challenge_id (str): The device's challenge
        signature (str): Hybrid ML-DSA-65 ‖ Ed25519 signature of the statement (base64url, exactly 3373 bytes)
    """

    challenge_id: str
    signature: str

    def to_dict(self) -> dict[str, Any]:
        challenge_id = self.challenge_id

        signature = self.signature

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "challengeId": challenge_id,
                "signature": signature,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        challenge_id = d.pop("challengeId")

        signature = d.pop("signature")

        sync_signed_challenge = cls(
            challenge_id=challenge_id,
            signature=signature,
        )

        return sync_signed_challenge
