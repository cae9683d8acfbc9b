from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.encrypt_batch_result_results_item_type_2_problem import EncryptBatchResultResultsItemType2Problem


T = TypeVar("T", bound="EncryptBatchResultResultsItemType2")


@_attrs_define
class EncryptBatchResultResultsItemType2:
    """
    Attributes:
        ok (bool):
        problem (EncryptBatchResultResultsItemType2Problem):
    """

    ok: bool
    problem: EncryptBatchResultResultsItemType2Problem
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ok = self.ok

        problem = self.problem.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ok": ok,
                "problem": problem,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.encrypt_batch_result_results_item_type_2_problem import (
            EncryptBatchResultResultsItemType2Problem,
        )

        d = dict(src_dict)
        ok = d.pop("ok")

        problem = EncryptBatchResultResultsItemType2Problem.from_dict(d.pop("problem"))

        encrypt_batch_result_results_item_type_2 = cls(
            ok=ok,
            problem=problem,
        )

        encrypt_batch_result_results_item_type_2.additional_properties = d
        return encrypt_batch_result_results_item_type_2

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
