from enum import StrEnum


class KeyProtection(StrEnum):
    HARDWARE = "hardware"
    HARDWARE_WRAPPED = "hardware-wrapped"
    SOFTWARE = "software"

    def __str__(self) -> str:
        return str(self.value)
