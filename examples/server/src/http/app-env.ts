import type { User } from '../auth/user-repository.js';
import type { LimitInfo } from './rate-limit.js';

/** Per-request values the middleware chain fills in. */
export interface AppVariables {
  /** Set by `requestId()`; logged with every server fault. */
  requestId: string;
  /** The logged-in user, if any. */
  user: User | undefined;
  /** The session token from the cookie, when it named a live session. */
  sessionToken: string | undefined;
  /** When the request authenticated with an API token (`Authorization: Bearer`): its scope. */
  tokenScope: 'read' | 'admin' | undefined;
  /** Every rate limit this request counted against. */
  rateLimits: LimitInfo[];
}

/** The Hono environment of the server's app. */
export interface AppEnv {
  Variables: AppVariables;
}
