from enum import StrEnum


class SyncDeviceState(StrEnum):
    PENDING = "pending"
    REVOKED = "revoked"
    TRUSTED = "trusted"
    VERIFIED = "verified"

    def __str__(self) -> str:
        return str(self.value)
