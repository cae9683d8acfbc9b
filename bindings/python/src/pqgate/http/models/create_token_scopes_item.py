from enum import StrEnum


class CreateTokenScopesItem(StrEnum):
    AUDITREAD = "audit:read"
    DATA_KEYSGENERATE = "data-keys:generate"
    DATA_KEYSUNWRAP = "data-keys:unwrap"
    KEYSCONFIGURE = "keys:configure"
    KEYSCREATE = "keys:create"
    KEYSDECRYPT = "keys:decrypt"
    KEYSENCRYPT = "keys:encrypt"
    KEYSREAD = "keys:read"
    KEYSROTATE = "keys:rotate"
    KEYSSIGN = "keys:sign"
    KEYSTOREADMIN = "keystore:admin"
    KEYSVERIFY = "keys:verify"
    SESSIONSUSE = "sessions:use"
    SYNCADMIN = "sync:admin"
    SYNCDEVICE = "sync:device"
    TOKENSADMIN = "tokens:admin"

    def __str__(self) -> str:
        return str(self.value)
