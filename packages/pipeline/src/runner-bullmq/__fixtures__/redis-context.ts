/** The Redis of the pipeline project's global setup (test/redis-server.setup.ts), typed. */
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    redis: { readonly url?: string; readonly bin?: string; readonly skipReason?: string };
    pipelineMlflow: { readonly url?: string; readonly version?: string; readonly skipReason?: string };
  }
}

/** The test Redis: its URL, or why the tests skip. */
export function testRedis(): { url?: string; skipReason?: string } {
  return inject('redis');
}

/** A title suffix saying why a suite is skipped. */
export function skipNote(reason: string | undefined): string {
  return reason ? ` (skipped: ${reason})` : '';
}
