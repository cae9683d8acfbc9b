// The gateway's environment for an HTTP benchmark: all state in a folder of its own
// (PQGATE_DATA_DIR: the software keystore, and PGlite unless a PostgreSQL database is given), an
// admin token chosen here, rate limits lifted.

import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Postgres } from "../../test/support/postgres.ts";

export interface EmbeddedGatewayEnv {
  readonly token: string;
  readonly env: Record<string, string>;
}

export interface GatewayEnv extends EmbeddedGatewayEnv {
  readonly databaseUrl: string;
}

/** Writes the admin token into `dir` (mode 0600) and returns it with the environment (PGlite in `dir`). */
export function embeddedGatewayEnv(dir: string): EmbeddedGatewayEnv {
  const token = `pqg_${randomBytes(32).toString("base64url")}`;
  writeFileSync(join(dir, "admin-token"), token, { mode: 0o600 });
  const env = {
    PQGATE_DATA_DIR: dir,
    PQGATE_KEYSTORE: "software",
    PQGATE_ADMIN_TOKEN_FILE: join(dir, "admin-token"),
    PQGATE_RATE_LIMIT: "1000000",
    PQGATE_RATE_BURST: "1000000",
  };
  return { token, env };
}

/** {@link embeddedGatewayEnv} on a fresh PostgreSQL database of `pg`. */
export async function gatewayEnv(pg: Postgres, dir: string): Promise<GatewayEnv> {
  const { token, env } = embeddedGatewayEnv(dir);
  const databaseUrl = await pg.createDatabase();
  return { token, databaseUrl, env: { ...env, DATABASE_URL: databaseUrl } };
}
