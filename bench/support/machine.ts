// The machine description at the top of bench/RESULTS.md: CPU, cores, memory, kernel,
// toolchains, and the load when the run started (the machine is shared).

import { spawnSync } from "node:child_process";
import { cpus, loadavg, release, totalmem } from "node:os";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function version(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim().split("\n")[0] ?? "" : "unavailable";
}

export function machineDescription(): string[] {
  const cpu = cpus();
  return [
    `CPU: ${cpu[0]?.model ?? "unknown"}, ${cpu.length} logical cores`,
    `memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB; kernel Linux ${release()}`,
    `load average at start (1/5/15 min): ${loadavg().map((l) => l.toFixed(2)).join(" / ")}`,
    `runtimes: Deno ${version(`${ROOT}node_modules/.bin/deno`, ["--version"]).replace(/^deno /, "")}, Bun ${
      version(`${ROOT}node_modules/.bin/bun`, ["--version"])
    }; ${version("rustc", ["--version"])}`,
  ];
}
