/**
 * A loopback HTTP proxy in front of a real MLflow server that can drop a connection before or
 * after forwarding a request, to test what the client does when it cannot know whether the
 * server applied a call.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What to do with a request: pass it, drop before forwarding, forward then drop the answer, or
 * forward and send the answer's status, headers and first half of its body, then drop the
 * connection (what undici reports as `TypeError: terminated` while the body is being read).
 */
export type Fault = 'pass' | 'drop-before' | 'drop-after' | 'drop-mid-body';

export interface FaultProxy {
  readonly url: string;
  /** `METHOD path` of every request seen, in order. */
  readonly seen: string[];
  close(): Promise<void>;
}

export async function startFaultProxy(upstream: string, decide: (method: string, path: string, index: number) => Fault): Promise<FaultProxy> {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const label = `${req.method} ${path.split('?')[0]}`;
      const fault = decide(req.method ?? 'GET', path.split('?')[0] ?? '/', seen.filter((s) => s === label).length);
      seen.push(label);
      if (fault === 'drop-before') {
        req.socket.destroy();
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      fetch(`${upstream}${path}`, { method: req.method ?? 'GET', headers, ...(body && req.method !== 'GET' ? { body } : {}) })
        .then(async (upstreamResponse) => {
          const payload = Buffer.from(await upstreamResponse.arrayBuffer());
          if (fault === 'drop-after') {
            // The server has applied the call; the client never hears about it.
            req.socket.destroy();
            return;
          }
          res.writeHead(upstreamResponse.status, { 'content-type': upstreamResponse.headers.get('content-type') ?? 'application/json', 'content-length': String(payload.length) });
          if (fault === 'drop-mid-body') {
            // The answer started: the client has its headers, then the body breaks off.
            res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => req.socket.destroy());
            return;
          }
          res.end(payload);
        })
        .catch(() => req.socket.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
