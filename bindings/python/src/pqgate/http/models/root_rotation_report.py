from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.root_rotation_report_root import RootRotationReportRoot


T = TypeVar("T", bound="RootRotationReport")


@_attrs_define
class RootRotationReport:
    """
    Attributes:
        root (RootRotationReportRoot):
        rewrapped (int): Key-version envelopes moved to the new root
        audit_chain_key_rewrapped (bool): Whether the audit chain's MAC key moved too
        key_binding_key_rewrapped (bool): Whether the key-binding MAC key moved too
        sessions_rewrapped (int): Live sessions' key envelopes moved to the new root
        failed (int):
        retired (int):
    """

    root: RootRotationReportRoot
    rewrapped: int
    audit_chain_key_rewrapped: bool
    key_binding_key_rewrapped: bool
    sessions_rewrapped: int
    failed: int
    retired: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        root = self.root.to_dict()

        rewrapped = self.rewrapped

        audit_chain_key_rewrapped = self.audit_chain_key_rewrapped

        key_binding_key_rewrapped = self.key_binding_key_rewrapped

        sessions_rewrapped = self.sessions_rewrapped

        failed = self.failed

        retired = self.retired

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "root": root,
                "rewrapped": rewrapped,
                "auditChainKeyRewrapped": audit_chain_key_rewrapped,
                "keyBindingKeyRewrapped": key_binding_key_rewrapped,
                "sessionsRewrapped": sessions_rewrapped,
                "failed": failed,
                "retired": retired,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.root_rotation_report_root import RootRotationReportRoot

        d = dict(src_dict)
        root = RootRotationReportRoot.from_dict(d.pop("root"))

        rewrapped = d.pop("rewrapped")

        audit_chain_key_rewrapped = d.pop("auditChainKeyRewrapped")

        key_binding_key_rewrapped = d.pop("keyBindingKeyRewrapped")

        sessions_rewrapped = d.pop("sessionsRewrapped")

        failed = d.pop("failed")

        retired = d.pop("retired")

        root_rotation_report = cls(
            root=root,
            rewrapped=rewrapped,
            audit_chain_key_rewrapped=audit_chain_key_rewrapped,
            key_binding_key_rewrapped=key_binding_key_rewrapped,
            sessions_rewrapped=sessions_rewrapped,
            failed=failed,
            retired=retired,
        )

        root_rotation_report.additional_properties = d
        return root_rotation_report

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
