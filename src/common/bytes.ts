/**
 * Byte-string helpers the services share: concatenation, the injective length-prefixed
 * encoding (`enc(x) = u32be(len(x)) ‖ x`) used by transcripts, bindings and the hybrid key's
 * joined parts. Comparisons of secrets are in constant-time.ts.
 *
 * @module
 */

const encoder = new TextEncoder();

/** A 4-byte big-endian unsigned integer. */
export function u32be(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

/** An 8-byte big-endian unsigned integer (epochs, audit seqs). @throws {RangeError} for a negative or unsafe number. */
export function u64be(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not an unsigned 64-bit integer: ${value}`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value));
  return out;
}

/** The concatenation of `parts`. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * `enc(f1) ‖ enc(f2) ‖ …` with `enc(x) = u32be(len(x)) ‖ x` (strings as UTF-8): an injective
 * encoding, so no two field lists give the same bytes.
 */
export function lengthPrefixed(fields: readonly (Uint8Array | string)[]): Uint8Array {
  const parts = fields.map((field) => typeof field === "string" ? encoder.encode(field) : field);
  const out = new Uint8Array(parts.reduce((sum, part) => sum + 4 + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(u32be(part.length), at);
    out.set(part, at + 4);
    at += 4 + part.length;
  }
  return out;
}

/** The fields of {@link lengthPrefixed}; `undefined` unless exactly `count` fields fill `blob`. */
export function splitLengthPrefixed(blob: Uint8Array, count: number): Uint8Array[] | undefined {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const parts: Uint8Array[] = [];
  let at = 0;
  while (at + 4 <= blob.length && parts.length < count) {
    const length = view.getUint32(at);
    if (at + 4 + length > blob.length) return undefined;
    parts.push(blob.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return parts.length === count && at === blob.length ? parts : undefined;
}

/** `label ‖ digest`: an HKDF `info` (the digest has a fixed size, so this is unambiguous). */
export function labelled(label: string, digest: Uint8Array): Uint8Array {
  return concat([encoder.encode(label), digest]);
}
