from enum import StrEnum


class SyncRecoveredStatus(StrEnum):
    TRUSTED = "trusted"

    def __str__(self) -> str:
        return str(self.value)
