from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SyncSendBundle")


@_attrs_define
class SyncSendBundle:
    """
    Attributes:
        sender_id (str): The sending trusted device
        recipient_id (str): The receiving trusted device
        epoch (int):
        sealed (str): Sealed box to the recipient's X-Wing key (base64url, at most 65536 bytes)
        challenge_id (str): The sender's bundle challenge
        signature (str): Hybrid ML-DSA-65 ‖ Ed25519 signature of the statement (base64url, exactly 3373 bytes)
    """

    sender_id: str
    recipient_id: str
    epoch: int
    sealed: str
    challenge_id: str
    signature: str

    def to_dict(self) -> dict[str, Any]:
        sender_id = self.sender_id

        recipient_id = self.recipient_id

        epoch = self.epoch

        sealed = self.sealed

        challenge_id = self.challenge_id

        signature = self.signature

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "senderId": sender_id,
                "recipientId": recipient_id,
                "epoch": epoch,
                "sealed": sealed,
                "challengeId": challenge_id,
                "signature": signature,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sender_id = d.pop("senderId")

        recipient_id = d.pop("recipientId")

        epoch = d.pop("epoch")

        sealed = d.pop("sealed")

        challenge_id = d.pop("challengeId")

        signature = d.pop("signature")

        sync_send_bundle = cls(
            sender_id=sender_id,
            recipient_id=recipient_id,
            epoch=epoch,
            sealed=sealed,
            challenge_id=challenge_id,
            signature=signature,
        )

        return sync_send_bundle
