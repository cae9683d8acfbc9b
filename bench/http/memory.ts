// Server memory on the embedded default (PGlite) against PostgreSQL: one gateway process per
// runtime and database, ML-DSA-65 sign at concurrency 32 for MEMORY_SECONDS (default 40), the
// server's RSS sampled every second. Bounded: about 4 × (MEMORY_SECONDS + 20) s in all.
//
//   node_modules/.bin/deno run -A bench/http/memory.ts        (or: node_modules/.bin/bun bench/http/memory.ts)
//
// MEMORY_RUNTIMES=deno,bun and MEMORY_DATABASES=pglite,postgres choose the cells. Prints one
// Markdown row per cell (bench/RESULTS.md, "Server memory by database", holds a run's figures).

import { rmSync } from "node:fs";
import process from "node:process";
import { freePort } from "../../scripts/dev/local-gateway.ts";
import { Postgres, processTempDir } from "../../test/support/postgres.ts";
import { embeddedGatewayEnv, gatewayEnv } from "./gateway-env.ts";
import { load } from "./run.ts";
import { createKeys, prepare } from "./scenarios.ts";
import { type Runtime, startGateway } from "./servers.ts";

const SECONDS = Number(process.env.MEMORY_SECONDS ?? 40);
const RUNTIMES = (process.env.MEMORY_RUNTIMES ?? "deno,bun").split(",") as Runtime[];
const DATABASES = (process.env.MEMORY_DATABASES ?? "pglite,postgres").split(",");

interface Cell {
  readonly runtime: Runtime;
  readonly database: string;
  readonly idleMiB: number;
  readonly samples: number[];
  readonly rps: number;
}

async function measure(runtime: Runtime, database: string, pg: Postgres | undefined): Promise<Cell> {
  const dir = processTempDir("pqgate-memory-");
  try {
    const { token, env } = pg === undefined ? embeddedGatewayEnv(dir) : await gatewayEnv(pg, dir);
    const gateway = await startGateway(runtime, 1, await freePort(), env);
    try {
      await createKeys(gateway.url, token);
      const idleMiB = gateway.rssMiB();
      const sign = (await prepare(gateway.url, token)).find((s) => s.name === "sign ML-DSA-65");
      if (sign === undefined) throw new Error("no sign scenario");
      const samples: number[] = [];
      const sampler = setInterval(() => samples.push(gateway.rssMiB()), 1_000);
      const result = await load({
        url: gateway.url,
        token,
        requests: sign.requests,
        concurrency: 32,
        durationMs: SECONDS * 1_000,
        maxRequests: 1_000_000,
      }).finally(() => clearInterval(sampler));
      return { runtime, database, idleMiB, samples, rps: result.rps };
    } finally {
      await gateway[Symbol.asyncDispose]();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cells: Cell[] = [];
await using pg = DATABASES.includes("postgres") ? await Postgres.start() : undefined;
for (const runtime of RUNTIMES) {
  for (const database of DATABASES) {
    const cell = await measure(runtime, database, database === "postgres" ? pg : undefined);
    cells.push(cell);
    console.error(
      `${runtime} ${database}: ${cell.rps.toFixed(0)} req/s, RSS ${cell.samples.map(Math.round).join(" ")}`,
    );
  }
}
const mib = (value: number) => value.toFixed(0);
console.log(
  "| runtime | database | req/s | RSS idle (MiB) | RSS median under load | RSS max | max / same runtime on PostgreSQL |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const cell of cells) {
  const sorted = [...cell.samples].sort((a, b) => a - b);
  const max = sorted.at(-1) ?? 0;
  const postgres = cells.find((c) => c.runtime === cell.runtime && c.database === "postgres");
  const ratio = postgres === undefined ? "" : `${(max / Math.max(...postgres.samples)).toFixed(2)}×`;
  console.log(
    `| ${cell.runtime} | ${cell.database} | ${cell.rps.toFixed(0)} | ${mib(cell.idleMiB)} | ${
      mib(sorted[sorted.length >> 1] ?? 0)
    } | ${mib(max)} | ${ratio} |`,
  );
}
