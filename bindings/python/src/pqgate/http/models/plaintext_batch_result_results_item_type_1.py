from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.plaintext_batch_result_results_item_type_1_problem import PlaintextBatchResultResultsItemType1Problem


T = TypeVar("T", bound="PlaintextBatchResultResultsItemType1")


@_attrs_define
class PlaintextBatchResultResultsItemType1:
    """
    Attributes:
        ok (bool):
        problem (PlaintextBatchResultResultsItemType1Problem):
    """

    ok: bool
    problem: PlaintextBatchResultResultsItemType1Problem
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
        from ..models.plaintext_batch_result_results_item_type_1_problem import (
            PlaintextBatchResultResultsItemType1Problem,
        )

        d = dict(src_dict)
        ok = d.pop("ok")

        problem = PlaintextBatchResultResultsItemType1Problem.from_dict(d.pop("problem"))

        plaintext_batch_result_results_item_type_1 = cls(
            ok=ok,
            problem=problem,
        )

        plaintext_batch_result_results_item_type_1.additional_properties = d
        return plaintext_batch_result_results_item_type_1

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
