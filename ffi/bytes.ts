/**
 * Checks on values before they cross into Rust.
 *
 * A `buffer` parameter receives a raw pointer, so anything that is not plain, fixed-size,
 * unshared memory is refused here with a `TypeError`: another thread could change a
 * `SharedArrayBuffer` while Rust reads it, and a resizable buffer could shrink under the
 * pointer (docs/ARCHITECTURE.md "FFI facts": never pass resizable or shared buffers). Lengths become
 * `u32`, so they are checked to fit before the call instead of wrapping silently.
 *
 * @module
 */

/** Largest value a `u32` parameter can carry. */
export const U32_MAX = 0xffff_ffff;

/**
 * Returns `value` if it is a `Uint8Array` over a plain, fixed-length `ArrayBuffer`.
 *
 * @param what names the argument in the error message.
 * @throws {TypeError} for any other value.
 * @throws {RangeError} for a length that does not fit a `u32`.
 */
export function bytes(value: unknown, what: string): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`${what} must be a Uint8Array, got ${describe(value)}`);
  }
  const buffer: ArrayBufferLike = value.buffer;
  if (typeof SharedArrayBuffer !== "undefined" && buffer instanceof SharedArrayBuffer) {
    throw new TypeError(`${what} must not be backed by a SharedArrayBuffer`);
  }
  if ((buffer as { resizable?: boolean }).resizable === true) {
    throw new TypeError(`${what} must not be backed by a resizable ArrayBuffer`);
  }
  if (value.length > U32_MAX) {
    // Rust refuses anything over 64 MiB (`INPUT_TOO_LARGE`), but this length cannot even
    // be passed as a `u32` without wrapping to a smaller, wrong value.
    throw new RangeError(`${what} is too large (${value.length} bytes)`);
  }
  return value;
}

/**
 * Returns `value` if it is an integer that fits a `u32`.
 *
 * @throws {TypeError} for a non-number or non-integer; {RangeError} outside `0…2³²-1`.
 */
export function u32(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(`${what} must be an integer, got ${describe(value)}`);
  }
  if (value < 0 || value > U32_MAX) {
    throw new RangeError(`${what} must be between 0 and ${U32_MAX}, got ${value}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return (value as object).constructor?.name ?? "object";
  return typeof value;
}
