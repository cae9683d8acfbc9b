from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.sync_backup_verifier_scheme import SyncBackupVerifierScheme
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sync_kdf import SyncKdf


T = TypeVar("T", bound="SyncBackup")


@_attrs_define
class SyncBackup:
    """
    Attributes:
        device_id (str): The uploading trusted device
        challenge_id (str): Its backup challenge
        signature (str): Hybrid ML-DSA-65 ‖ Ed25519 signature of the statement (base64url, exactly 3373 bytes)
        blob (str): Backup blob v1 (base64url, at most 65536 bytes)
        verifier_public_key (str): Hybrid ML-DSA-65 ‖ Ed25519 public key (base64url, exactly 1984 bytes)
        verifier_scheme (SyncBackupVerifierScheme | Unset): The hybrid scheme the verifier key signs recover statements
            with: 1 or 2 (docs/SYNC.md, "Signature schemes"). Absent: 1, for clients that predate schemes.
        kdf (SyncKdf | Unset):
        threshold (int | Unset):
        share_count (int | Unset):
    """

    device_id: str
    challenge_id: str
    signature: str
    blob: str
    verifier_public_key: str
    verifier_scheme: SyncBackupVerifierScheme | Unset = UNSET
    kdf: SyncKdf | Unset = UNSET
    threshold: int | Unset = UNSET
    share_count: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        device_id = self.device_id

        challenge_id = self.challenge_id

        signature = self.signature

        blob = self.blob

        verifier_public_key = self.verifier_public_key

        verifier_scheme: int | Unset = UNSET
        if not isinstance(self.verifier_scheme, Unset):
            verifier_scheme = self.verifier_scheme.value

        kdf: dict[str, Any] | Unset = UNSET
        if not isinstance(self.kdf, Unset):
            kdf = self.kdf.to_dict()

        threshold = self.threshold

        share_count = self.share_count

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "deviceId": device_id,
                "challengeId": challenge_id,
                "signature": signature,
                "blob": blob,
                "verifierPublicKey": verifier_public_key,
            }
        )
        if verifier_scheme is not UNSET:
            field_dict["verifierScheme"] = verifier_scheme
        if kdf is not UNSET:
            field_dict["kdf"] = kdf
        if threshold is not UNSET:
            field_dict["threshold"] = threshold
        if share_count is not UNSET:
            field_dict["shareCount"] = share_count

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sync_kdf import SyncKdf

        d = dict(src_dict)
        device_id = d.pop("deviceId")

        challenge_id = d.pop("challengeId")

        signature = d.pop("signature")

        blob = d.pop("blob")

        verifier_public_key = d.pop("verifierPublicKey")

        _verifier_scheme = d.pop("verifierScheme", UNSET)
        verifier_scheme: SyncBackupVerifierScheme | Unset
        if isinstance(_verifier_scheme, Unset):
            verifier_scheme = UNSET
        else:
            verifier_scheme = SyncBackupVerifierScheme(_verifier_scheme)

        _kdf = d.pop("kdf", UNSET)
        kdf: SyncKdf | Unset
        if isinstance(_kdf, Unset):
            kdf = UNSET
        else:
            kdf = SyncKdf.from_dict(_kdf)

        threshold = d.pop("threshold", UNSET)

        share_count = d.pop("shareCount", UNSET)

        sync_backup = cls(
            device_id=device_id,
            challenge_id=challenge_id,
            signature=signature,
            blob=blob,
            verifier_public_key=verifier_public_key,
            verifier_scheme=verifier_scheme,
            kdf=kdf,
            threshold=threshold,
            share_count=share_count,
        )

        return sync_backup
