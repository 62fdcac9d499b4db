import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './app-env.js';
import { ForbiddenError, HttpError } from './errors.js';

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

/**
 * CSRF protection in two parts. Form posts (the content types a cross-site page can send
 * without a preflight) go through hono's `csrf` with our explicit origin. JSON writes must not
 * come from another origin either: a browser always sends `Origin` (or `Sec-Fetch-Site`) on
 * them, and a mismatch is refused; a request with neither is not from a browser.
 */
export function csrfProtection(origin: string): MiddlewareHandler<AppEnv> {
  const forms = csrf({ origin });
  return async (c, next) => {
    if (!UNSAFE_METHOD.test(c.req.method)) return next();
    const contentType = c.req.header('content-type') ?? '';
    if (/^application\/(.+\+)?json\b/i.test(contentType)) {
      const requestOrigin = c.req.header('origin');
      const site = c.req.header('sec-fetch-site');
      if (requestOrigin !== undefined && requestOrigin !== origin) {
        throw new ForbiddenError(`cross-origin write refused: Origin "${requestOrigin}" is not ${origin}`, 'ERR_CSRF');
      }
      if (requestOrigin === undefined && site !== undefined && site !== 'same-origin' && site !== 'none') {
        throw new ForbiddenError(`cross-site write refused (Sec-Fetch-Site: ${site})`, 'ERR_CSRF');
      }
      return next();
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

/** Refuses bodies larger than `maxBytes` with a 413 before anything reads them. */
export function bodySizeLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new HttpError(413, 'ERR_BODY_TOO_LARGE', `request body is larger than ${maxBytes} bytes`);
    },
  });
}
