/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from '../logging/logger.js';
import { loginUrlFor } from '../routes/login-redirect.js';
import { renderPage } from '../routes/render.js';
import { ErrorPage, NotFoundPage } from '../views/public-pages.js';
import type { AppEnv } from './app-env.js';
import { statusOf, isDatabaseBusy } from './error-status.js';
import { ServerError, type RequestIssue } from './errors.js';

/** The JSON body of every error response of the API. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    requestId: string;
    issues?: RequestIssue[];
  };
}

const wantsJson = (c: Context<AppEnv>): boolean => c.req.path.startsWith('/api/') || c.req.path === '/healthz' || c.req.path === '/readyz';

/**
 * Renders a form's page again with what the person typed and `message` beside it, with `status`.
 * Used for a refusal that only asks them to wait (429, or 503 with `Retry-After`): the bare error
 * page would lose their input.
 */
export type FormPageAgain = (c: Context<AppEnv>, message: string, status: number) => Promise<Response>;

/** Options of {@link createErrorHandler}. */
export interface ErrorHandlerOptions {
  /** Form pages by the path they post to. @default {} */
  formPages?: Readonly<Record<string, FormPageAgain>>;
}

/** A refusal that asks the client to come back later: a rate limit, or a busy dependency that said when. */
const asksToWait = (status: number, headers: Record<string, string>): boolean => status === 429 || (status === 503 && 'Retry-After' in headers);

/**
 * The app's one error handler. Its status comes from the error's code (`statusOf` over the one table
 * in `status-by-code.ts`): a client fault (4xx) is answered with its message; anything else is a
 * server fault: logged with the request id, answered 500 (503 for a busy dependency) with the
 * request id and no internals.
 */
export function createErrorHandler(logger: Logger, options: ErrorHandlerOptions = {}): ErrorHandler<AppEnv> {
  const formPages = options.formPages ?? {};
  return async (err, c) => {
    const requestId = c.get('requestId') ?? 'unknown';
    const status = statusOf(err);
    let code: string;
    let message: string;
    let issues: RequestIssue[] = [];
    let headers: Record<string, string> = {};
    if (err instanceof ServerError && status !== 500) {
      ({ code, message, issues, headers } = err);
    } else if (err instanceof HTTPException) {
      code = `ERR_HTTP_${err.status}`;
      message = err.message || defaultMessage(err.status);
    } else if (status === 503 && isDatabaseBusy(err)) {
      code = 'ERR_DATABASE_BUSY';
      message = `the database is busy; try again shortly (request id ${requestId})`;
      headers = { 'Retry-After': '2' };
    } else if (status !== 500) {
      // A package's error with a code of its own (a request `recommend()` cannot serve).
      code = String((err as { code?: unknown }).code);
      message = err.message;
    } else {
      code = 'ERR_INTERNAL';
      message = `internal error; quote request id ${requestId} when reporting it`;
    }
    if (status >= 500) {
      logger.error('request failed', { requestId, method: c.req.method, path: c.req.path, status, error: err });
    }
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    if (wantsJson(c)) {
      const body: ErrorBody = { error: { code, message, requestId, ...(issues.length > 0 ? { issues } : {}) } };
      return c.json(body, status as 400);
    }
    const formPage = c.req.method === 'POST' && asksToWait(status, headers) ? formPages[c.req.path] : undefined;
    if (formPage) {
      try {
        return await formPage(c, message, status);
      } catch (formError) {
        // An unreadable form body: the plain error page below still answers.
        logger.warn('the form page could not be shown again', { requestId, error: formError });
      }
    }
    try {
      return await renderPage(
        c,
        { title: `Error ${status}`, status },
        <ErrorPage status={status} message={message} requestId={status >= 500 ? requestId : undefined} loginLink={status === 401 ? loginUrlFor(c) : undefined} />,
      );
    } catch (renderError) {
      // The error page itself failed: answer in plain text rather than throw from the handler.
      logger.error('error page failed to render', { requestId, error: renderError });
      return c.text(`${status} ${message}`, status as 400);
    }
  };
}

/** 404 for unknown routes, as JSON under `/api/` and as a page elsewhere. */
export const notFound: NotFoundHandler<AppEnv> = (c) => {
  const message = `no route for ${c.req.method} ${c.req.path}`;
  if (wantsJson(c)) {
    const body: ErrorBody = { error: { code: 'ERR_NOT_FOUND', message, requestId: c.get('requestId') ?? 'unknown' } };
    return c.json(body, 404);
  }
  return renderPage(c, { title: 'Not found', status: 404 }, <NotFoundPage path={c.req.path} loggedIn={c.get('user') !== undefined} />);
};

function defaultMessage(status: number): string {
  if (status === 400) return 'bad request';
  if (status === 401) return 'log in first';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not found';
  if (status === 413) return 'request body too large';
  return `HTTP ${status}`;
}
