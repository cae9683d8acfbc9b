from enum import StrEnum


class RegisteredSyncDeviceStatus(StrEnum):
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
