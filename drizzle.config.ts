/**
 * drizzle-kit configuration: `node node_modules/drizzle-kit/bin.cjs generate` writes the SQL
 * for schema changes in `src/db/schema/` into `migrations/`, which `openDatabase` applies at
 * start. Landed migrations are append-only: change the schema and generate a new one.
 *
 * @module
 */

import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema",
  out: "./migrations",
  strict: true,
});
