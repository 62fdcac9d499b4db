/** Test-side access to the servers the global setup started. */
import { inject } from 'vitest';
import type { ProvidedServer } from './global-setup.js';

/** The servers (or the reason they are missing); suites use `describe.skipIf(!server)`. */
export function mlflowServers(): { v3?: ProvidedServer; v2?: ProvidedServer; skipReason?: string } {
  return inject('mlflowServers') ?? { skipReason: 'the mlflow global setup did not run' };
}

/** A suite title that says why it is skipped, when it is. */
export function serverSuiteTitle(title: string, server: ProvidedServer | undefined, skipReason: string | undefined): string {
  return server ? `${title} (MLflow ${server.version})` : `${title} — skipped: ${skipReason ?? 'no server'}`;
}
