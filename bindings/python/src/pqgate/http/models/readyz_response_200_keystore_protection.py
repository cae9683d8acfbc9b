from enum import StrEnum


class ReadyzResponse200KeystoreProtection(StrEnum):
    HARDWARE = "hardware"
    HARDWARE_WRAPPED = "hardware-wrapped"
    SOFTWARE = "software"

    def __str__(self) -> str:
        return str(self.value)
