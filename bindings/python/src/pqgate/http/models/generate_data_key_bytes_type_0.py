from enum import IntEnum


class GenerateDataKeyBytesType0(IntEnum):
    VALUE_16 = 16

    def __str__(self) -> str:
        return str(self.value)
