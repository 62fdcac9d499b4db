import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from './app-env.js';
import { ValidationError, type RequestIssue, ServerError } from './errors.js';

/** Converts zod issues to request issues. */
export function zodIssues(error: z.ZodError): RequestIssue[] {
  return error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
}

/**
 * Reads a JSON body and validates it: 415 for another content type, 400 for malformed JSON or a
 * body that does not match `schema` (unknown fields included, when the schema is strict).
 */
export async function readJson<S extends z.ZodType>(c: Context<AppEnv>, schema: S, what: string): Promise<z.output<S>> {
  const contentType = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new ServerError('ERR_UNSUPPORTED_MEDIA_TYPE', `expected a JSON body (Content-Type: application/json), got ${contentType ? `"${contentType}"` : 'none'}`);
  }
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ServerError('ERR_MALFORMED_JSON', `body is not valid JSON: ${(cause as Error).message}`);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(what, zodIssues(result.error));
  return result.data;
}

/** Reads a form body as strings (files are refused): 400 when it cannot be parsed. */
export async function readForm(c: Context<AppEnv>): Promise<Record<string, string>> {
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody();
  } catch (cause) {
    throw new ServerError('ERR_MALFORMED_FORM', `form body could not be read: ${(cause as Error).message}`);
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== 'string') throw new ServerError('ERR_MALFORMED_FORM', `form field "${key}" must be text`);
    out[key] = value;
  }
  return out;
}
