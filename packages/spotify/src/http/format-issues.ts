import type { z } from 'zod';

/** Turns zod issues into `path: message` lines (`items.3.track.id: expected string`). */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(body)'}: ${issue.message}`);
}
