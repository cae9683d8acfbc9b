/**
 * The whole database schema, one file per aggregate; drizzle-kit reads this folder to
 * generate `migrations/`.
 *
 * @module
 */

export * from "./keys.ts";
export * from "./tokens.ts";
export * from "./audit.ts";
export * from "./sync.ts";
export * from "./import-keys.ts";
export * from "./sessions.ts";
export * from "./fleet.ts";
