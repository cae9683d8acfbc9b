from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sync_backup_statement_type_0_method import SyncBackupStatementType0Method
from ..models.sync_backup_statement_type_0_verifier_scheme import SyncBackupStatementType0VerifierScheme

T = TypeVar("T", bound="SyncBackupStatementType0")


@_attrs_define
class SyncBackupStatementType0:
    """For recovery:<method>: the backup statement whose verifier key signed the recover proof

    Attributes:
        uploader_id (str):
        epoch (int):
        method (SyncBackupStatementType0Method):
        blob_digest (str): SHA-256 of the backup blob
        verifier_public_key (str):
        verifier_scheme (SyncBackupStatementType0VerifierScheme): The verifier key's hybrid scheme (signed in the
            statement)
        kdf (str): The signed encoding of the method's parameters (docs/SYNC.md)
        nonce (str):
        signature (str): The uploader's signature of the backup statement
    """

    uploader_id: str
    epoch: int
    method: SyncBackupStatementType0Method
    blob_digest: str
    verifier_public_key: str
    verifier_scheme: SyncBackupStatementType0VerifierScheme
    kdf: str
    nonce: str
    signature: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uploader_id = self.uploader_id

        epoch = self.epoch

        method = self.method.value

        blob_digest = self.blob_digest

        verifier_public_key = self.verifier_public_key

        verifier_scheme = self.verifier_scheme.value

        kdf = self.kdf

        nonce = self.nonce

        signature = self.signature

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uploaderId": uploader_id,
                "epoch": epoch,
                "method": method,
                "blobDigest": blob_digest,
                "verifierPublicKey": verifier_public_key,
                "verifierScheme": verifier_scheme,
                "kdf": kdf,
                "nonce": nonce,
                "signature": signature,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        uploader_id = d.pop("uploaderId")

        epoch = d.pop("epoch")

        method = SyncBackupStatementType0Method(d.pop("method"))

        blob_digest = d.pop("blobDigest")

        verifier_public_key = d.pop("verifierPublicKey")

        verifier_scheme = SyncBackupStatementType0VerifierScheme(d.pop("verifierScheme"))

        kdf = d.pop("kdf")

        nonce = d.pop("nonce")

        signature = d.pop("signature")

        sync_backup_statement_type_0 = cls(
            uploader_id=uploader_id,
            epoch=epoch,
            method=method,
            blob_digest=blob_digest,
            verifier_public_key=verifier_public_key,
            verifier_scheme=verifier_scheme,
            kdf=kdf,
            nonce=nonce,
            signature=signature,
        )

        sync_backup_statement_type_0.additional_properties = d
        return sync_backup_statement_type_0

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
