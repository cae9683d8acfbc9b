from enum import StrEnum


class HpkeSuiteKdf(StrEnum):
    HKDF_SHA256 = "HKDF-SHA256"

    def __str__(self) -> str:
        return str(self.value)
