from enum import IntEnum


class GenerateDataKeyBytesType1(IntEnum):
    VALUE_24 = 24

    def __str__(self) -> str:
        return str(self.value)
