from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.import_params_request_algorithm import ImportParamsRequestAlgorithm

T = TypeVar("T", bound="ImportParamsRequest")


@_attrs_define
class ImportParamsRequest:
    """
    Attributes:
        algorithm (ImportParamsRequestAlgorithm): The algorithm of the key you will import
    """

    algorithm: ImportParamsRequestAlgorithm

    def to_dict(self) -> dict[str, Any]:
        algorithm = self.algorithm.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "algorithm": algorithm,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        algorithm = ImportParamsRequestAlgorithm(d.pop("algorithm"))

        import_params_request = cls(
            algorithm=algorithm,
        )

        return import_params_request
