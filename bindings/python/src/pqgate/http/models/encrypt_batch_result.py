from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.encrypt_batch_result_results_item_type_0 import EncryptBatchResultResultsItemType0
    from ..models.encrypt_batch_result_results_item_type_1 import EncryptBatchResultResultsItemType1
    from ..models.encrypt_batch_result_results_item_type_2 import EncryptBatchResultResultsItemType2


T = TypeVar("T", bound="EncryptBatchResult")


@_attrs_define
class EncryptBatchResult:
    """
    Attributes:
        results (list[EncryptBatchResultResultsItemType0 | EncryptBatchResultResultsItemType1 |
            EncryptBatchResultResultsItemType2]):
    """

    results: list[
        EncryptBatchResultResultsItemType0 | EncryptBatchResultResultsItemType1 | EncryptBatchResultResultsItemType2
    ]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.encrypt_batch_result_results_item_type_0 import (
            EncryptBatchResultResultsItemType0,
        )
        from ..models.encrypt_batch_result_results_item_type_1 import (
            EncryptBatchResultResultsItemType1,
        )

        results = []
        for results_item_data in self.results:
            results_item: dict[str, Any]
            if isinstance(results_item_data, EncryptBatchResultResultsItemType0) or isinstance(
                results_item_data, EncryptBatchResultResultsItemType1
            ):
                results_item = results_item_data.to_dict()
            else:
                results_item = results_item_data.to_dict()

            results.append(results_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "results": results,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.encrypt_batch_result_results_item_type_0 import (
            EncryptBatchResultResultsItemType0,
        )
        from ..models.encrypt_batch_result_results_item_type_1 import (
            EncryptBatchResultResultsItemType1,
        )
        from ..models.encrypt_batch_result_results_item_type_2 import (
            EncryptBatchResultResultsItemType2,
        )

        d = dict(src_dict)
        results = []
        _results = d.pop("results")
        for results_item_data in _results:

            def _parse_results_item(
                data: object,
            ) -> (
                EncryptBatchResultResultsItemType0
                | EncryptBatchResultResultsItemType1
                | EncryptBatchResultResultsItemType2
            ):
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    results_item_type_0 = EncryptBatchResultResultsItemType0.from_dict(data)

                    return results_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    results_item_type_1 = EncryptBatchResultResultsItemType1.from_dict(data)

                    return results_item_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                results_item_type_2 = EncryptBatchResultResultsItemType2.from_dict(data)

                return results_item_type_2

            results_item = _parse_results_item(results_item_data)

            results.append(results_item)

        encrypt_batch_result = cls(
            results=results,
        )

        encrypt_batch_result.additional_properties = d
        return encrypt_batch_result

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
