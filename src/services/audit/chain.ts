/**
 * The audit log's hash chain: `hash = SHA-256(prev_hash ‖ encode(row))`, the first row's
 * `prev_hash` being 32 zero bytes.
 *
 * The encoding is canonical so that a row has exactly one byte string: a version tag, then every
 * field in a fixed order, each as a 4-byte big-endian length followed by its bytes (`0xFFFFFFFF`
 * and no bytes for SQL NULL). Strings are UTF-8; integers are fixed-width big-endian (`seq` and
 * `at` in milliseconds since the epoch as 8 bytes, `key_version` and `status` as 4). Length
 * prefixes keep field boundaries unambiguous (`"ab","c"` ≠ `"a","bc"`), and `seq` is included so
 * that a row cannot be moved to another position with its hash intact. The sync account and
 * device ids (added with device sync) follow as two more fields only when either is set, so
 * rows recorded before them keep their hashes; the field count is unambiguous because every
 * field is length-prefixed.
 *
 * @module
 */

import type { Pqgate } from "../../../ffi/mod.ts";

/** Length of every `hash` and `prev_hash`. */
export const HASH_BYTES = 32;

/** The `prev_hash` of the first row. */
export const GENESIS_HASH: Uint8Array = new Uint8Array(HASH_BYTES);

/** Domain separation and format version, the first field of every encoding. */
const FORMAT = "pqgate.audit.v1";

/** One audited event. Identifiers and outcomes only: never payloads, signatures or secrets. */
export interface AuditEntry {
  readonly requestId: string;
  /** The token id, or `anonymous`. */
  readonly actor: string;
  readonly owner: string;
  /** E.g. `keys.sign`. */
  readonly action: string;
  readonly keyName: string | null;
  readonly keyVersion: number | null;
  /** The sync account and device concerned (sync routes only). */
  readonly syncAccountId?: string | null;
  readonly syncDeviceId?: string | null;
  /** `ok` or a problem type's short name. */
  readonly outcome: string;
  /** The HTTP status. */
  readonly status: number;
}

/** The hashed fields of a row: the entry plus its place and time in the chain. */
export interface ChainFields extends AuditEntry {
  readonly seq: number;
  readonly at: Date;
}

/** The part of the native binding the chain needs. */
export type Hasher = Pick<Pqgate, "hash">;

const NULL_LENGTH = 0xffff_ffff;
const utf8 = new TextEncoder();

function int64(value: number): Uint8Array {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, BigInt(value));
  return out;
}

function int32(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < -0x8000_0000 || value > 0x7fff_ffff) {
    throw new RangeError(`not a 32-bit integer: ${value}`);
  }
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, value);
  return out;
}

/** The canonical encoding of `row` (without `prev_hash`). */
export function encodeRow(row: ChainFields): Uint8Array {
  const fields: (Uint8Array | null)[] = [
    utf8.encode(FORMAT),
    int64(row.seq),
    int64(row.at.getTime()),
    utf8.encode(row.requestId),
    utf8.encode(row.actor),
    utf8.encode(row.owner),
    utf8.encode(row.action),
    row.keyName === null ? null : utf8.encode(row.keyName),
    row.keyVersion === null ? null : int32(row.keyVersion),
    utf8.encode(row.outcome),
    int32(row.status),
  ];
  const [account, device] = [row.syncAccountId ?? null, row.syncDeviceId ?? null];
  if (account !== null || device !== null) {
    fields.push(account === null ? null : utf8.encode(account), device === null ? null : utf8.encode(device));
  }
  const size = fields.reduce((n, f) => n + 4 + (f?.length ?? 0), 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const field of fields) {
    view.setUint32(offset, field === null ? NULL_LENGTH : field.length);
    offset += 4;
    if (field !== null) {
      out.set(field, offset);
      offset += field.length;
    }
  }
  return out;
}

/** The `hash` of a row whose predecessor's hash is `prevHash`. */
export function chainHash(hasher: Hasher, prevHash: Uint8Array, row: ChainFields): Uint8Array {
  if (prevHash.length !== HASH_BYTES) throw new RangeError(`prev_hash must be ${HASH_BYTES} bytes`);
  const encoded = encodeRow(row);
  const input = new Uint8Array(HASH_BYTES + encoded.length);
  input.set(prevHash);
  input.set(encoded, HASH_BYTES);
  return hasher.hash("SHA-256", input);
}

/** Byte-wise equality (the hashes are public, so no constant-time comparison is needed). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
