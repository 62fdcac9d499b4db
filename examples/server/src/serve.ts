import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AppEnv } from './http/app-env.js';
import { ServerError } from './http/errors.js';

/** A listening HTTP server. */
export interface RunningServer {
  /** `http://host:port` actually bound (port 0 becomes the real one). */
  url: string;
  port: number;
  /**
   * Stops accepting connections and waits for requests in flight; after `timeoutMs` the
   * remaining connections are cut.
   */
  close(): Promise<void>;
}

/** Listens on `host:port` (0 = any free port) and resolves once bound. */
export function listen(app: Hono<AppEnv>, options: { host: string; port: number; shutdownTimeoutMs: number }): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: options.host, port: options.port }) as Server;
    server.once('error', (error: NodeJS.ErrnoException) => {
      // The usual start-up fault of a second copy: one line for the operator (main.ts, start.ts), not a stack.
      if (error.code === 'EADDRINUSE') {
        reject(
          new ServerError(
            'ERR_PORT_IN_USE',
            `port ${options.port} on ${options.host} is already in use (another msr, or another program): stop it, or choose a free port with MSR_PORT (e.g. MSR_PORT=${options.port === 65_535 ? 3001 : options.port + 1})`,
            { cause: error },
          ),
        );
      } else reject(error);
    });
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            const force = setTimeout(() => server.closeAllConnections(), options.shutdownTimeoutMs);
            force.unref();
            server.close(() => {
              clearTimeout(force);
              done();
            });
            // Keep-alive sockets with no request in flight would hold close() open for nothing.
            server.closeIdleConnections();
          }),
      });
    });
  });
}
