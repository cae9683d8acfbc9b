from enum import IntEnum


class GenerateDataKeyBytesType2(IntEnum):
    VALUE_32 = 32

    def __str__(self) -> str:
        return str(self.value)
