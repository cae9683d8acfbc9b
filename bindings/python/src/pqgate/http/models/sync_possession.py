from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SyncPossession")


@_attrs_define
class SyncPossession:
    """
    Attributes:
        challenge_id (str): The possession challenge
        signature (str): Hybrid ML-DSA-65 ‖ Ed25519 signature of the statement (base64url, exactly 3373 bytes)
        bootstrap_token (str | Unset):
    """

    challenge_id: str
    signature: str
    bootstrap_token: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        challenge_id = self.challenge_id

        signature = self.signature

        bootstrap_token = self.bootstrap_token

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "challengeId": challenge_id,
                "signature": signature,
            }
        )
        if bootstrap_token is not UNSET:
            field_dict["bootstrapToken"] = bootstrap_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        challenge_id = d.pop("challengeId")

        signature = d.pop("signature")

        bootstrap_token = d.pop("bootstrapToken", UNSET)

        sync_possession = cls(
            challenge_id=challenge_id,
            signature=signature,
            bootstrap_token=bootstrap_token,
        )

        return sync_possession
