/**
 * The database scan of the sync tests: every row of every table, searched for secrets in raw,
 * hex, base64 and base64url form.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.ts";

/** Every cell of every table in the database, as bytes (text as UTF-8), with where it was found. */
export async function dumpDatabase(db: Database): Promise<{ where: string; bytes: Uint8Array }[]> {
  const rowsOf = (result: unknown) =>
    (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
  const tables = rowsOf(
    await db.execute(sql`select table_schema, table_name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`),
  );
  const cells: { where: string; bytes: Uint8Array }[] = [];
  for (const t of tables) {
    const name = `"${String(t.table_schema)}"."${String(t.table_name)}"`;
    for (const row of rowsOf(await db.execute(sql.raw(`select * from ${name}`)))) {
      for (const [column, value] of Object.entries(row)) {
        if (value === null || value === undefined) continue;
        const bytes = value instanceof Uint8Array
          ? value
          : Buffer.from(typeof value === "string" ? value : JSON.stringify(value));
        cells.push({ where: `${name}.${column}`, bytes });
      }
    }
  }
  return cells;
}

/** The forms a secret could be stored in. */
function forms(secret: Uint8Array): Uint8Array[] {
  const b = Buffer.from(secret);
  return [
    secret,
    Buffer.from(b.toString("hex")),
    Buffer.from(b.toString("hex").toUpperCase()),
    Buffer.from(b.toString("base64")),
    Buffer.from(b.toString("base64url")),
  ];
}

/** Where any of `secrets` (by label) occurs in `cells`, in any form; empty when none does. */
export function findSecrets(
  cells: readonly { where: string; bytes: Uint8Array }[],
  secrets: Readonly<Record<string, Uint8Array>>,
): string[] {
  const found: string[] = [];
  for (const [label, secret] of Object.entries(secrets)) {
    if (secret.length < 8) throw new Error(`${label} is too short to search for meaningfully`);
    for (const form of forms(secret)) {
      for (const cell of cells) {
        if (Buffer.from(cell.bytes).indexOf(Buffer.from(form)) >= 0) found.push(`${label} in ${cell.where}`);
      }
    }
  }
  return found;
}
