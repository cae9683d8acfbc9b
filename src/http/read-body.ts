/**
 * Reads each `/v1` request body into memory before any route sees it, at most `maxSize` bytes.
 *
 * Instead of Hono's `bodyLimit`, because of what a failed read means: a body that cannot be read
 * to its end (the client closed the connection after its headers, or mid-body) made Hono's JSON
 * validator answer 400 "Malformed JSON" (Deno), or `bodyLimit` itself throw an internal fault
 * (chunked bodies). Neither is true: the client left. Here such a request is marked
 * `client-closed` (`client-closed.ts`) and answered without reaching a route; the routes then
 * read a body that is already in memory and cannot fail that way.
 *
 * @module
 */

import type { Context, MiddlewareHandler } from "hono";
import { concat } from "../common/bytes.ts";
import { markClientClosed } from "./client-closed.ts";
import { problemResponse } from "./problem.ts";

/** Reads the body of every request it guards, refusing more than `maxSize` bytes with 413. */
export function readBody(maxSize: number): MiddlewareHandler {
  const tooLarge = (c: Context) =>
    problemResponse(c, "payload-too-large", `Request bodies are limited to ${maxSize} bytes.`);
  return async (c, next) => {
    const body = c.req.raw.body;
    if (body === null) return await next();
    const declared = c.req.raw.headers.get("content-length");
    // A declared length over the limit is refused before a byte is read.
    if (Number(declared ?? 0) > maxSize) return tooLarge(c);
    let bytes: Uint8Array<ArrayBuffer> | undefined;
    try {
      // With a declared length (within the limit) the server reads no more than that, so the
      // body is taken whole: one call instead of a read per chunk, a tenth of the sign path's
      // CPU on Deno. Chunked bodies are counted as they arrive.
      bytes = declared !== null && declared !== "" && Number.isSafeInteger(Number(declared))
        ? new Uint8Array(await c.req.raw.arrayBuffer())
        : await readAtMost(body, maxSize);
    } catch {
      markClientClosed(c);
      return problemResponse(c, "bad-request", "The connection closed before the request body ended.");
    }
    // (A length header the body does not keep to reaches here only in process, not from a socket.)
    if (bytes === undefined || bytes.length > maxSize) return tooLarge(c);
    c.req.raw = new Request(c.req.raw, { body: bytes });
    return await next();
  };
}

/** The whole stream, or `undefined` once it exceeds `maxSize` bytes (the rest is not read). */
async function readAtMost(
  stream: ReadableStream<Uint8Array>,
  maxSize: number,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxSize) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  // concat allocates a fresh, non-shared ArrayBuffer (typed wider than that).
  return concat(chunks) as Uint8Array<ArrayBuffer>;
}
