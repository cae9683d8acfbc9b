/**
 * Raw TCP connections to a server for attacks `fetch` cannot make: headers dribbled byte by
 * byte (slowloris), a body that never completes, oversized or countless headers.
 *
 * @module
 */

import { connect, type Socket } from "node:net";

/** An open connection; destroyed on dispose. */
export interface RawConnection extends Disposable {
  /** Writes `data` unless the connection is closed; returns whether it was written. */
  write(data: string): boolean;
  /** Whether the server closed (or reset) the connection. */
  readonly closed: boolean;
  /** Everything the server sent so far (latin1). */
  received(): string;
  /** Resolves `true` once the connection is closed, or `false` after `timeoutMs`. */
  whenClosed(timeoutMs: number): Promise<boolean>;
}

/** Opens a TCP connection to the host and port of `url`. */
export function rawConnect(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: hostname, port: Number(port) });
    let received = "";
    let closed = false;
    const waiters: (() => void)[] = [];
    const markClosed = () => {
      closed = true;
      waiters.splice(0).forEach((wake) => wake());
    };
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("close", markClosed);
    socket.on("end", markClosed);
    socket.on("error", markClosed); // ECONNRESET and EPIPE are how a server cuts a client off
    socket.once("connect", () =>
      resolve({
        write: (data) => {
          if (closed || socket.destroyed) return false;
          socket.write(data);
          return true;
        },
        get closed() {
          return closed;
        },
        received: () => received,
        whenClosed: (timeoutMs) =>
          closed ? Promise.resolve(true) : new Promise((done) => {
            const timer = setTimeout(() => done(false), timeoutMs);
            waiters.push(() => {
              clearTimeout(timer);
              done(true);
            });
          }),
        [Symbol.dispose]: () => socket.destroy(),
      }));
    socket.once("error", reject);
  });
}
