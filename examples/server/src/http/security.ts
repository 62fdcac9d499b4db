import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './app-env.js';
import { ForbiddenError, ServerError } from './errors.js';

const UNSAFE_METHOD = /^(POST|PUT|PATCH|DELETE)$/;

/**
 * Security headers with a CSP that allows only our own assets: styles from our origin, no
 * scripts at all (the pages need none), no framing, forms posting only to us.
 */
export function securityHeaders(options: { hsts: boolean }): MiddlewareHandler<AppEnv> {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      scriptSrc: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    strictTransportSecurity: options.hsts ? 'max-age=15552000; includeSubDomains' : false,
    referrerPolicy: 'same-origin',
  });
}

/** The content types a cross-site page can send without a CORS preflight (forms, `fetch` with no-cors). */
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\b/i;
const JSON_TYPE = /^application\/(.+\+)?json\b/i;

/**
 * CSRF protection for every unsafe request, by what it carries:
 * - a form body (the types a cross-site page can send without a preflight) goes through hono's
 *   `csrf` with our explicit origin: it needs our `Origin` or `Sec-Fetch-Site: same-origin`;
 * - a JSON body, or no body at all (`curl -X POST`, a `DELETE`), must not come from another
 *   origin: a browser always sends `Origin` (or `Sec-Fetch-Site`) on them, and a mismatch is
 *   refused; a request with neither is not from a browser (a script) and passes;
 * - any other body is refused with 415 before a handler sees it: no route reads one.
 *
 * Requests authenticated by an API token (`Authorization: Bearer`) carry no ambient credential
 * a browser would attach, so `skip` lets them through.
 */
export function csrfProtection(origin: string, options: { skip?: (c: Context<AppEnv>) => boolean } = {}): MiddlewareHandler<AppEnv> {
  const forms = csrf({ origin });
  return async (c, next) => {
    if (!UNSAFE_METHOD.test(c.req.method)) return next();
    if (options.skip?.(c)) return next();
    const contentType = c.req.header('content-type') ?? '';
    if (contentType === '') {
      if (hasBody(c)) throw new ServerError('ERR_UNSUPPORTED_MEDIA_TYPE', 'a request body needs a Content-Type: application/json (the API) or a form (the pages)');
      checkOrigin(c, origin);
      return next();
    }
    if (JSON_TYPE.test(contentType)) {
      checkOrigin(c, origin);
      return next();
    }
    if (!FORM_TYPE.test(contentType)) {
      throw new ServerError('ERR_UNSUPPORTED_MEDIA_TYPE', `Content-Type "${contentType.split(';')[0]}" is not accepted: send application/json (the API) or a form (the pages)`);
    }
    try {
      await forms(c, async () => {});
    } catch (error) {
      if (error instanceof HTTPException && error.status === 403) {
        const seen = c.req.header('origin');
        throw new ForbiddenError(
          seen ? `cross-site form submission refused: Origin "${seen}" is not ${origin}` : 'form submission refused: the browser sent no Origin header',
          'ERR_CSRF',
        );
      }
      throw error;
    }
    return next();
  };
}

/** Refuses a write another origin's page sent (by `Origin`, or `Sec-Fetch-Site` when it hid its origin). */
function checkOrigin(c: Context<AppEnv>, origin: string): void {
  const requestOrigin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  if (requestOrigin !== undefined && requestOrigin !== origin) {
    throw new ForbiddenError(`cross-origin write refused: Origin "${requestOrigin}" is not ${origin}`, 'ERR_CSRF');
  }
  if (requestOrigin === undefined && site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new ForbiddenError(`cross-site write refused (Sec-Fetch-Site: ${site})`, 'ERR_CSRF');
  }
}

/** Whether the request announces a body (a length above 0, or chunked). */
function hasBody(c: Context<AppEnv>): boolean {
  const length = c.req.header('content-length');
  if (length !== undefined) return Number(length) > 0;
  return c.req.header('transfer-encoding') !== undefined || c.req.raw.body !== null;
}

/** Refuses bodies larger than `maxBytes` with a 413 before anything reads them. */
export function bodySizeLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ServerError('ERR_BODY_TOO_LARGE', `request body is larger than ${maxBytes} bytes`);
    },
  });
}
