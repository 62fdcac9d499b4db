import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createFakeSpotify, type FakeSpotify, type FakeSpotifyOptions } from './fake-spotify.js';

/** A running fake on 127.0.0.1 with the base URLs to give the clients. */
export interface RunningFakeSpotify extends FakeSpotify {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** For `createSpotifyClient`'s `apiBaseUrl`. */
  readonly apiBaseUrl: string;
  /** For the token helpers' `accountsBaseUrl`. */
  readonly accountsBaseUrl: string;
  /** For `reccoBeatsFeaturesProvider`'s `baseUrl`. */
  readonly reccoBeatsBaseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts {@link createFakeSpotify} on a free port of 127.0.0.1 (real HTTP on loopback).
 *
 * @example
 * ```ts
 * const fake = await startFakeSpotify({ tracks: fakeCatalog(['pop'], 10) });
 * const client = createSpotifyClient({ token, apiBaseUrl: fake.apiBaseUrl });
 * await fake.close();
 * ```
 */
export async function startFakeSpotify(options: FakeSpotifyOptions): Promise<RunningFakeSpotify> {
  const fake = createFakeSpotify(options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: fake.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    ...fake,
    origin,
    apiBaseUrl: `${origin}/v1`,
    accountsBaseUrl: origin,
    reccoBeatsBaseUrl: `${origin}/reccobeats/v1`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Idle keep-alive sockets would hold close() open.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
