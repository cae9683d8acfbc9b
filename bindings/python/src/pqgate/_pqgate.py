"""
``Pqgate``: the typed operations over one opened library — keyless primitives, the key
factories, keystores and the device-sync primitives (sealed private keys, Shamir, Argon2id).
"""

from __future__ import annotations

import ctypes
from typing import Final, NamedTuple, overload

from ._abi import RawLibrary
from ._native import AlgorithmSizes, BytesLike, Native, as_bytes, text_or_bytes, u32
from .algorithms import (
    AEAD_OVERHEAD,
    HASH_LENGTH,
    SEALED_BOX_OVERHEAD,
    AeadAlgorithm,
    AgreementAlgorithm,
    Algorithm,
    HashAlgorithm,
    KemAlgorithm,
    SignatureAlgorithm,
    aead_id,
    algorithm_id,
    hash_id,
)
from .errors import PqStatus
from .keys import (
    AgreementPrivateKey,
    AgreementPublicKey,
    KemPrivateKey,
    KemPublicKey,
    PrivateKey,
    PublicKey,
    SigningKey,
    VerifyingKey,
    wrap_private,
    wrap_public,
)
from .keystore import Keystore, envelope_root_id, open_handle
from .stats import TABLE_BYTES, NativeOpStats, decode_native_stats

#: Bytes a Shamir share adds to the secret: version, set id, threshold, index, checksum.
SHAMIR_SHARE_OVERHEAD: Final = 35
#: Largest secret ``shamir_split`` accepts.
SHAMIR_MAX_SECRET: Final = 1024
_SHAMIR_MAX_SHARES: Final = 255
#: Longest Argon2id output the library derives.
PASSWORD_MAX_OUTPUT: Final = 64


class SelfTestResult(NamedTuple):
    """The outcome of the power-on self-tests."""

    ok: bool
    code: int
    message: str


class Pqgate:
    """The pqgate library, opened by ``pqgate.load()``."""

    def __init__(self, raw: RawLibrary) -> None:
        self._native = Native(raw)
        self.path = raw.path
        """The library file that was opened."""

    def __repr__(self) -> str:
        return f"<Pqgate {self.path}>"

    def self_test(self) -> SelfTestResult:
        """Runs the power-on self-tests (cached by Rust after the first call). Never raises."""
        code = self._native.raw.pq_self_test()
        return SelfTestResult(code == PqStatus.OK, code, self._native.message(code))

    def algorithm_sizes(self, algorithm: Algorithm) -> AlgorithmSizes:
        """The sizes of an algorithm's keys, ciphertexts, secrets and signatures (``0`` = none)."""
        return self._native.sizes(algorithm_id(algorithm))

    def live_handle_count(self) -> int:
        """Number of live handles in the library, keys and keystores together (leak checks, metrics)."""
        count = ctypes.c_uint32()
        self._native.check("pq_live_handle_count", self._native.raw.pq_live_handle_count(count))
        return count.value

    def native_stats(self) -> list[NativeOpStats]:
        """
        The library's operation counters: for every export (but ``pq_abi_version``), its calls
        by returned status and the time spent in it, counted since the library was loaded.
        """
        table = self._native.output(
            "pq_native_stats",
            TABLE_BYTES,
            self._native.raw.pq_native_stats,
            retry=True,
        )
        return decode_native_stats(table)

    def random_bytes(self, length: int) -> bytes:
        """``length`` bytes from the OS CSPRNG."""
        n = u32(length, "length")
        out = (ctypes.c_ubyte * n)()
        self._native.check("pq_random_bytes", self._native.raw.pq_random_bytes(out, n))
        return ctypes.string_at(out, n)

    def hash(self, algorithm: HashAlgorithm, data: BytesLike) -> bytes:
        """The digest of ``data`` (SHAKE128/256 give 32/64 bytes)."""
        h, d = hash_id(algorithm), as_bytes(data, "data")
        return self._native.output(
            "pq_hash",
            HASH_LENGTH[algorithm],
            lambda out, cap, n: self._native.raw.pq_hash(h, d, len(d), out, cap, n),
            retry=True,
        )

    def hkdf(self, hash: HashAlgorithm, ikm: BytesLike, salt: BytesLike, info: BytesLike, length: int) -> bytes:
        """HKDF (RFC 5869) with SHA-256 or SHA3-256 into exactly ``length`` bytes."""
        h = hash_id(hash)
        k, s, i = as_bytes(ikm, "ikm"), as_bytes(salt, "salt"), as_bytes(info, "info")
        n = u32(length, "length")
        out = (ctypes.c_ubyte * n)()
        self._native.check("pq_hkdf", self._native.raw.pq_hkdf(h, k, len(k), s, len(s), i, len(i), out, n))
        result = ctypes.string_at(out, n)
        ctypes.memset(out, 0, n)
        return result

    def aead_seal(self, algorithm: AeadAlgorithm, key: BytesLike, aad: BytesLike, plaintext: BytesLike) -> bytes:
        """AEAD seal under a fresh random nonce: ``nonce ‖ ciphertext ‖ tag``."""
        alg = aead_id(algorithm)
        k, a, p = as_bytes(key, "key"), as_bytes(aad, "aad"), as_bytes(plaintext, "plaintext")
        raw = self._native.raw
        return self._native.output(
            "pq_aead_seal",
            len(p) + AEAD_OVERHEAD,
            lambda out, cap, n: raw.pq_aead_seal(alg, k, len(k), a, len(a), p, len(p), out, cap, n),
            retry=True,
        )

    def aead_open(self, algorithm: AeadAlgorithm, key: BytesLike, aad: BytesLike, sealed: BytesLike) -> bytes:
        """AEAD open of ``nonce ‖ ciphertext ‖ tag``: ``DECRYPTION_FAILED`` for any mismatch."""
        alg = aead_id(algorithm)
        k, a, s = as_bytes(key, "key"), as_bytes(aad, "aad"), as_bytes(sealed, "sealed")
        raw = self._native.raw
        return self._native.output(
            "pq_aead_open",
            max(0, len(s) - AEAD_OVERHEAD),
            lambda out, cap, n: raw.pq_aead_open(alg, k, len(k), a, len(a), s, len(s), out, cap, n),
            retry=True,
        )

    @overload
    def generate_key(self, algorithm: KemAlgorithm) -> KemPrivateKey: ...
    @overload
    def generate_key(self, algorithm: SignatureAlgorithm) -> SigningKey: ...
    @overload
    def generate_key(self, algorithm: AgreementAlgorithm) -> AgreementPrivateKey: ...
    @overload
    def generate_key(self, algorithm: Algorithm) -> PrivateKey: ...
    def generate_key(self, algorithm: Algorithm) -> PrivateKey:
        """A key pair from OS randomness (with a pairwise-consistency check)."""
        alg = algorithm_id(algorithm)
        handle = self._native.new_handle("pq_key_generate", lambda out: self._native.raw.pq_key_generate(alg, out))
        return wrap_private(self._native, algorithm, handle)

    @overload
    def key_from_seed(self, algorithm: KemAlgorithm, seed: BytesLike) -> KemPrivateKey: ...
    @overload
    def key_from_seed(self, algorithm: SignatureAlgorithm, seed: BytesLike) -> SigningKey: ...
    @overload
    def key_from_seed(self, algorithm: AgreementAlgorithm, seed: BytesLike) -> AgreementPrivateKey: ...
    @overload
    def key_from_seed(self, algorithm: Algorithm, seed: BytesLike) -> PrivateKey: ...
    def key_from_seed(self, algorithm: Algorithm, seed: BytesLike) -> PrivateKey:
        """A key pair from its seed: ``d‖z`` (64) for ML-KEM, ``ξ`` (32) for ML-DSA, 32 bytes otherwise."""
        return self._private("pq_key_from_seed", algorithm, as_bytes(seed, "seed"))

    @overload
    def import_private_key(self, algorithm: KemAlgorithm, key: BytesLike) -> KemPrivateKey: ...
    @overload
    def import_private_key(self, algorithm: SignatureAlgorithm, key: BytesLike) -> SigningKey: ...
    @overload
    def import_private_key(self, algorithm: AgreementAlgorithm, key: BytesLike) -> AgreementPrivateKey: ...
    @overload
    def import_private_key(self, algorithm: Algorithm, key: BytesLike) -> PrivateKey: ...
    def import_private_key(self, algorithm: Algorithm, key: BytesLike) -> PrivateKey:
        """
        Imports a private key (BYOK): the seed, or the expanded FIPS 203 ``dk`` / FIPS 204 ``sk``
        (validated: ``INVALID_LENGTH``, ``INVALID_KEY``). Rust copies it into zeroizing memory.
        """
        return self._private("pq_key_import_private", algorithm, as_bytes(key, "key"))

    @overload
    def import_public_key(self, algorithm: KemAlgorithm, key: BytesLike) -> KemPublicKey: ...
    @overload
    def import_public_key(self, algorithm: SignatureAlgorithm, key: BytesLike) -> VerifyingKey: ...
    @overload
    def import_public_key(self, algorithm: AgreementAlgorithm, key: BytesLike) -> AgreementPublicKey: ...
    @overload
    def import_public_key(self, algorithm: Algorithm, key: BytesLike) -> PublicKey: ...
    def import_public_key(self, algorithm: Algorithm, key: BytesLike) -> PublicKey:
        """Imports and validates a public key (FIPS 203 §7.2 modulus check for ML-KEM)."""
        alg, k = algorithm_id(algorithm), as_bytes(key, "key")
        handle = self._native.new_handle(
            "pq_key_import_public", lambda out: self._native.raw.pq_key_import_public(alg, k, len(k), out)
        )
        return wrap_public(self._native, algorithm, handle)

    def _private(self, op: str, algorithm: Algorithm, data: bytes) -> PrivateKey:
        alg = algorithm_id(algorithm)
        function = getattr(self._native.raw, op)
        handle = self._native.new_handle(op, lambda out: function(alg, data, len(data), out))
        return wrap_private(self._native, algorithm, handle)

    def open_software_keystore(self, directory: str, passphrase: str | BytesLike | None = None) -> Keystore:
        """
        Root keys in files under ``directory`` (created ``0700``): derived with Argon2id from a
        passphrase, or without one random keys in ``0600`` files. ``KEYSTORE_CONFIG`` for an
        insecure key file, ``KEYSTORE_AUTH_FAILED`` for a wrong passphrase.
        """
        secret = b"" if passphrase is None else text_or_bytes(passphrase, "passphrase")
        return open_handle(self._native, "pq_keystore_open_software", directory.encode(), secret)

    def open_pkcs11_keystore(self, module: str, token_label: str, pin: str | BytesLike) -> Keystore:
        """Roots in a PKCS#11 token (``KEYSTORE_CONFIG``, ``KEYSTORE_AUTH_FAILED``, ``KEYSTORE_UNAVAILABLE``)."""
        return open_handle(
            self._native, "pq_keystore_open_pkcs11", module.encode(), token_label.encode(), text_or_bytes(pin, "pin")
        )

    def open_tpm_keystore(self, tcti: str) -> Keystore:
        """Roots in a TPM 2.0 reached through ``tcti`` (e.g. ``swtpm:host=127.0.0.1,port=2321``)."""
        return open_handle(self._native, "pq_keystore_open_tpm", tcti.encode())

    def envelope_root_id(self, envelope: BytesLike) -> bytes:
        """The 16-byte id of the root key that sealed an envelope (``ENVELOPE_MALFORMED``)."""
        return envelope_root_id(self._native, envelope)

    def seal_private_key(self, key: PrivateKey, recipient: KemPublicKey, aad: BytesLike = b"") -> bytes:
        """
        Seals the seed of ``key`` to ``recipient`` (a sealed box the recipient's ``open_sealed``
        opens into the seed ``key_from_seed`` takes): the only way a private key leaves the
        library besides a keystore envelope. ``UNSUPPORTED_OPERATION`` for a device key or a key
        imported in expanded form.
        """
        op = "pq_seal_private_key"
        a = as_bytes(aad, "aad")
        k, r = key._live(op), recipient._live(op)
        size = (
            self._native.sizes(algorithm_id(key.algorithm)).seed
            + self._native.sizes(algorithm_id(recipient.algorithm)).ciphertext
            + SEALED_BOX_OVERHEAD
        )
        return self._native.output(
            op, size, lambda out, cap, n: self._native.raw.pq_seal_private_key(k, r, a, len(a), out, cap, n)
        )

    def shamir_split(self, secret: BytesLike, threshold: int, count: int) -> list[bytes]:
        """
        Splits ``secret`` (1–1024 bytes) into ``count`` shares, any ``threshold`` of which recover
        it (``2 ≤ threshold ≤ count ≤ 255``); each share is ``len(secret) + 35`` bytes.
        """
        s = as_bytes(secret, "secret")
        t, c = u32(threshold, "threshold"), u32(count, "count")
        share_length = len(s) + SHAMIR_SHARE_OVERHEAD
        # Out-of-range arguments get no buffer: Rust refuses them (INVALID_ARGUMENT / INVALID_LENGTH).
        valid = c <= _SHAMIR_MAX_SHARES and len(s) <= SHAMIR_MAX_SECRET
        joined = self._native.output(
            "pq_shamir_split",
            share_length * c if valid else 0,
            lambda out, cap, n: self._native.raw.pq_shamir_split(s, len(s), t, c, out, cap, n),
        )
        return [joined[i * share_length : (i + 1) * share_length] for i in range(c)]

    def shamir_combine(self, shares: list[bytes] | tuple[bytes, ...]) -> bytes:
        """
        Recovers a secret from shares of one split (the first ``threshold`` are used):
        ``SHARES_INSUFFICIENT``, ``SHARES_INCONSISTENT``, ``SHARE_CORRUPT``, ``SHARE_MALFORMED``.
        """
        parts = [as_bytes(share, f"shares[{i}]") for i, share in enumerate(shares)]
        share_length = len(parts[0]) if parts else 0
        if any(len(part) != share_length for part in parts):
            raise self._differing_lengths(parts)
        joined = b"".join(parts)
        return self._native.output(
            "pq_shamir_combine",
            max(0, share_length - SHAMIR_SHARE_OVERHEAD),
            lambda out, cap, n: self._native.raw.pq_shamir_combine(joined, len(joined), share_length, out, cap, n),
        )

    def _differing_lengths(self, parts: list[bytes]) -> Exception:
        # Shares of one split have one length, so differing lengths are SHARES_INCONSISTENT,
        # unless a share does not even parse: Rust, the one parser, is asked about each alone.
        length = ctypes.c_uint32()
        for part in parts:
            rc = self._native.raw.pq_shamir_combine(part, len(part), len(part), None, 0, length)
            if rc == PqStatus.SHARE_MALFORMED:
                return self._native.error("pq_shamir_combine", rc)
        return self._native.error("pq_shamir_combine", PqStatus.SHARES_INCONSISTENT)

    def password_derive(
        self,
        password: BytesLike,
        salt: BytesLike,
        *,
        memory_kib: int,
        iterations: int,
        parallelism: int,
        length: int = 32,
    ) -> bytes:
        """
        Argon2id (RFC 9106) into ``length`` bytes (16–64); salt 16–64 bytes, memory
        8·parallelism KiB–4 GiB, iterations and parallelism 1–16 (``INVALID_ARGUMENT`` outside).
        """
        op = "pq_password_derive"
        p, s = as_bytes(password, "password"), as_bytes(salt, "salt")
        m, i, par = u32(memory_kib, "memory_kib"), u32(iterations, "iterations"), u32(parallelism, "parallelism")
        n = u32(length, "length")
        if n > PASSWORD_MAX_OUTPUT:
            raise self._native.error(op, PqStatus.INVALID_ARGUMENT)
        out = (ctypes.c_ubyte * n)()
        self._native.check(op, self._native.raw.pq_password_derive(p, len(p), s, len(s), m, i, par, out, n))
        result = ctypes.string_at(out, n)
        ctypes.memset(out, 0, n)
        return result
