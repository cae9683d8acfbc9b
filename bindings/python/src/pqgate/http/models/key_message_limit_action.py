from enum import StrEnum


class KeyMessageLimitAction(StrEnum):
    REFUSE = "refuse"
    ROTATE = "rotate"

    def __str__(self) -> str:
        return str(self.value)
