import type { Context } from 'hono';

/** Finds the address of the peer socket; `undefined` when there is none (in-memory requests). */
export type SocketAddress = (c: Context) => string | undefined;

/** The socket address from `@hono/node-server`'s bindings. */
export const nodeSocketAddress: SocketAddress = (c) => {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
};

/**
 * The client's address for rate limits and logs. `X-Forwarded-For` is read only when
 * `trustProxyHops` > 0, and then the entry `trustProxyHops` from the right: the address the
 * outermost trusted proxy saw. Entries further left are whatever the client claimed.
 */
export function clientAddress(c: Context, trustProxyHops: number, socketAddress: SocketAddress = nodeSocketAddress): string {
  const socket = socketAddress(c) ?? 'unknown';
  if (trustProxyHops <= 0) return socket;
  const forwarded = c.req.header('x-forwarded-for');
  if (!forwarded) return socket;
  const hops = forwarded
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (hops.length === 0) return socket;
  return hops[Math.max(0, hops.length - trustProxyHops)]!;
}
