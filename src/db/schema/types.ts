/**
 * Column types shared by the schema files.
 *
 * @module
 */

import { customType } from "drizzle-orm/pg-core";

/**
 * A `bytea` column read and written as a plain `Uint8Array`.
 *
 * postgres.js parses `bytea` into a Node `Buffer` (often a view into a pooled
 * `ArrayBuffer`), PGlite into a `Uint8Array`. Copying into a fresh `Uint8Array` makes both
 * drivers return the same type, so `deepStrictEqual` and `instanceof` checks in services and
 * tests behave the same whichever driver is configured, and no caller can see (or keep alive)
 * bytes of a neighbouring pooled buffer. Both drivers already send a `Uint8Array` parameter as
 * binary `bytea`, so writing needs no conversion.
 */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType() {
    return "bytea";
  },
  toDriver(value: Uint8Array): Uint8Array {
    return value;
  },
  fromDriver(value: Uint8Array): Uint8Array {
    return new Uint8Array(value);
  },
});
