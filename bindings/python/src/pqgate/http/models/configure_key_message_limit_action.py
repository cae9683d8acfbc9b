from enum import StrEnum


class ConfigureKeyMessageLimitAction(StrEnum):
    REFUSE = "refuse"
    ROTATE = "rotate"

    def __str__(self) -> str:
        return str(self.value)
