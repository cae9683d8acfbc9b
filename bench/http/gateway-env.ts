// The gateway's environment for an HTTP benchmark: a fresh PostgreSQL database, the software
// keystore and an admin token in a folder of its own, rate limits lifted.

import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Postgres } from "../../test/support/postgres.ts";

export interface GatewayEnv {
  readonly token: string;
  readonly databaseUrl: string;
  readonly env: Record<string, string>;
}

/** Writes the admin token into `dir` (mode 0600) and returns it with the environment. */
export async function gatewayEnv(pg: Postgres, dir: string): Promise<GatewayEnv> {
  const token = `pqg_${randomBytes(32).toString("base64url")}`;
  writeFileSync(join(dir, "admin-token"), token, { mode: 0o600 });
  const databaseUrl = await pg.createDatabase();
  const env = {
    DATABASE_URL: databaseUrl,
    PQGATE_KEYSTORE: "software",
    PQGATE_KEYSTORE_DIR: join(dir, "keystore"),
    PQGATE_ADMIN_TOKEN_FILE: join(dir, "admin-token"),
    PQGATE_INITIAL_TOKEN_OUT: join(dir, "unused-initial-token"),
    PQGATE_RATE_LIMIT: "1000000",
    PQGATE_RATE_BURST: "1000000",
  };
  return { token, databaseUrl, env };
}
