from enum import StrEnum


class SyncRecoveryRequestMethod(StrEnum):
    PASSWORD = "password"
    SHARES = "shares"

    def __str__(self) -> str:
        return str(self.value)
