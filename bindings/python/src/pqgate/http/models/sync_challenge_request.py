from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.sync_challenge_request_purpose import SyncChallengeRequestPurpose

T = TypeVar("T", bound="SyncChallengeRequest")


@_attrs_define
class SyncChallengeRequest:
    """
    Attributes:
        purpose (SyncChallengeRequestPurpose):
    """

    purpose: SyncChallengeRequestPurpose

    def to_dict(self) -> dict[str, Any]:
        purpose = self.purpose.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "purpose": purpose,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        purpose = SyncChallengeRequestPurpose(d.pop("purpose"))

        sync_challenge_request = cls(
            purpose=purpose,
        )

        return sync_challenge_request
