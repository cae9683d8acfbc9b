from enum import StrEnum


class SyncDeviceStatusStatus(StrEnum):
    TRUSTED = "trusted"
    VERIFIED = "verified"

    def __str__(self) -> str:
        return str(self.value)
