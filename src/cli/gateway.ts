/**
 * What the commands that speak to a running gateway (`encrypt`, `decrypt`, `sign`, `verify`,
 * `hmac`) share: the gateway's address and token, raw input and output, and one mapping of
 * the gateway's problems to exit statuses. They open no database and no keystore.
 *
 * The token comes from `PQGATE_TOKEN` or `--token-file`, never from a flag: a flag's value is
 * visible to every user of the machine in `ps`.
 *
 * @module
 */

import { readFileSync, writeFileSync, writeSync } from "node:fs";
import process from "node:process";
import { type GatewayClient, gatewayClient, type Problem, ProblemError } from "../../client/http/mod.ts";
import { fromBase64Url, toBase64Url } from "../common/base64url.ts";
import { concat } from "../common/bytes.ts";
import { type Args, CliError, EXIT } from "./args.ts";

/** The gateway a command speaks to when neither `--url` nor `PQGATE_URL` names one. */
export const DEFAULT_GATEWAY_URL = "http://127.0.0.1:8080";

/** Options every gateway command takes. */
export const GATEWAY_OPTIONS = ["url", "token-file", "key", "in", "out"] as const;

/** Exit statuses of the gateway commands, beyond `EXIT` (BSD `sysexits.h`). */
export const GATEWAY_EXIT = {
  /** 77 `EX_NOPERM`: the token is missing, wrong, expired or lacks the scope (401, 403). */
  NOPERM: 77,
  /** 75 `EX_TEMPFAIL`: rate-limited (429); try again. */
  TEMPFAIL: 75,
  /** 70 `EX_SOFTWARE`: the gateway failed (500). */
  SOFTWARE: 70,
} as const;

/** The usage text's paragraph on the shared options and exit statuses. */
export const GATEWAY_USAGE = `Speaks HTTP to a running gateway; needs no database and no keystore.
  --url URL          the gateway (default: PQGATE_URL, else ${DEFAULT_GATEWAY_URL})
  --token-file FILE  the bearer token's file (default: the PQGATE_TOKEN variable; never a flag)
  --in FILE          input bytes (default: stdin); --out FILE output (default: stdout, raw bytes)
A refusal prints the problem's status, title, detail and type on stderr. Exit status: 0 done
(verify: valid), 1 verify: not valid, 64 usage, 65 input refused by the gateway (400, 409, 413,
422), 66 no such file, key or version (404), 69 gateway unreachable or unavailable (503),
70 gateway error (500), 73 cannot write --out, 75 rate-limited (429), 77 token missing, wrong,
expired or without the scope (401, 403), 78 no token given.`;

/** A gateway command's connection: the typed client and the key it names. */
export interface Gateway {
  readonly api: GatewayClient;
  /** `{ params: { path: { name } } }` for the key named by `--key`. */
  readonly key: { readonly params: { readonly path: { readonly name: string } } };
}

/** The gateway and key `args` name. @throws {CliError} (usage, configuration, missing file) */
export function connect(args: Args): Gateway {
  const name = args.options.key;
  if (name === undefined) throw new CliError("--key NAME is required", EXIT.USAGE);
  const url = (args.options.url ?? process.env.PQGATE_URL ?? "") || DEFAULT_GATEWAY_URL;
  if (!/^https?:\/\/[^/]+/.test(url)) throw new CliError(`--url must be an http(s) URL, not ${url}`, EXIT.USAGE);
  return { api: gatewayClient(url.replace(/\/+$/, ""), token(args)), key: { params: { path: { name } } } };
}

function token(args: Args): string {
  const file = args.options["token-file"];
  const value = file === undefined ? process.env.PQGATE_TOKEN ?? "" : readText(file, "--token-file").trim();
  if (value === "") {
    throw new CliError("no token: set PQGATE_TOKEN or pass --token-file FILE", EXIT.CONFIG);
  }
  return value;
}

function readText(path: string, what: string): string {
  return new TextDecoder().decode(readBytes(path, what));
}

function readBytes(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new CliError(`${what} ${path}: ${errorCode(error) ?? "unreadable"}`, EXIT.NOINPUT);
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as { code?: string } | undefined)?.code;
}

/** The bytes of `--in FILE`, or of stdin, as base64url for the request body. */
export async function input(args: Args): Promise<string> {
  const path = args.options.in;
  if (path !== undefined) return toBase64Url(readBytes(path, "--in"));
  const chunks: Uint8Array[] = [];
  for await (const chunk of process.stdin) chunks.push(new Uint8Array(chunk as Uint8Array));
  return toBase64Url(concat(chunks));
}

/** The bytes of the file that option `name` names (a signature, a MAC), as base64url. */
export function fileOption(args: Args, name: string): string {
  const path = args.options[name];
  if (path === undefined) throw new CliError(`--${name} FILE is required`, EXIT.USAGE);
  return toBase64Url(readBytes(path, `--${name}`));
}

/**
 * A text option (`--aad`, `--context`) as the request member of the same name: base64url of
 * its UTF-8 bytes; no member when the option is absent.
 */
export function textField<N extends string>(args: Args, name: N): { [K in N]?: string } {
  const value = args.options[name];
  return (value === undefined ? {} : { [name]: toBase64Url(new TextEncoder().encode(value)) }) as { [K in N]?: string };
}

/** `--version N` (a positive integer) as the request member `version`; none when absent. */
export function versionField(args: Args): { version?: number } {
  const value = args.options.version;
  if (value === undefined) return {};
  if (!/^[1-9][0-9]{0,9}$/.test(value)) throw new CliError("--version must be a positive integer", EXIT.USAGE);
  return { version: Number(value) };
}

/** Writes the base64url `value`'s bytes raw to `--out FILE` or stdout. */
export function output(args: Args, value: string): void {
  const bytes = fromBase64Url(value);
  if (bytes === undefined) {
    throw new CliError("the gateway answered bytes that are not base64url", GATEWAY_EXIT.SOFTWARE);
  }
  const path = args.options.out;
  if (path === undefined) {
    // Synchronous, so that everything is written before the process exits (on both runtimes).
    for (let done = 0; done < bytes.length;) done += writeSync(1, bytes, done);
    return;
  }
  try {
    writeFileSync(path, bytes, { mode: 0o600 });
  } catch (error) {
    throw new CliError(`--out ${path}: ${errorCode(error) ?? "unwritable"}`, EXIT.CANTCREAT);
  }
}

/** Prints a verdict as one JSON line; the exit status: 0 valid, 1 not valid. */
export function verdict(result: { readonly valid: boolean; readonly version: number }): number {
  console.log(JSON.stringify({ valid: result.valid, version: result.version }));
  return result.valid ? EXIT.OK : EXIT.FAILED;
}

/**
 * Runs one gateway call: its data, or a {@link CliError} with the problem the gateway gave (or
 * the reason it could not be reached) and the exit status of the mapping in {@link GATEWAY_USAGE}.
 */
export async function request<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ProblemError) throw new CliError(describe(error.status, error.problem), exitFor(error.status));
    if (error instanceof CliError) throw error;
    // fetch's own failure: refused connection, unknown host, TLS (the message names no token).
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new CliError(`gateway unreachable: ${cause ?? (error as Error).message}`, EXIT.UNAVAILABLE);
  }
}

function describe(status: number, problem: Problem | undefined): string {
  if (problem === undefined || typeof problem !== "object") return `${status} (no problem details)`;
  return `${status} ${problem.title}: ${problem.detail} (${problem.type})`;
}

function exitFor(status: number): number {
  if (status === 401 || status === 403) return GATEWAY_EXIT.NOPERM;
  if (status === 404) return EXIT.NOINPUT;
  if (status === 429) return GATEWAY_EXIT.TEMPFAIL;
  if (status === 503) return EXIT.UNAVAILABLE;
  if (status >= 500) return GATEWAY_EXIT.SOFTWARE;
  return EXIT.DATAERR;
}
