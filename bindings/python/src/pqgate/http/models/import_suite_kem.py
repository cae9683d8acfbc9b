from enum import StrEnum


class ImportSuiteKem(StrEnum):
    X_WING = "X-Wing"

    def __str__(self) -> str:
        return str(self.value)
