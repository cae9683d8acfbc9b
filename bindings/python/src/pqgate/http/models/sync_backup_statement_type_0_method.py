from enum import StrEnum


class SyncBackupStatementType0Method(StrEnum):
    PASSWORD = "password"
    SHARES = "shares"

    def __str__(self) -> str:
        return str(self.value)
