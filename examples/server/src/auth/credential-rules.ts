import type { RequestIssue } from '../http/errors.js';

/** Username: 3–32 characters, letters, digits, `_`, `.` and `-`, starting with a letter or digit. */
export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$/;
/** Passwords longer than this are refused, so nobody makes the server hash megabytes. */
export const PASSWORD_MAX_LENGTH = 256;
/** The original's minimum length. */
export const PASSWORD_MIN_LENGTH = 8;

/** Problems with a username, as request issues at `field`; empty when it is acceptable. */
export function usernameIssues(username: string, field = 'username'): RequestIssue[] {
  if (USERNAME_PATTERN.test(username)) return [];
  return [
    {
      path: [field],
      message: 'username must be 3–32 characters of letters, digits, "_", "." or "-", starting with a letter or digit',
    },
  ];
}

/**
 * Problems with a new password, following the original app: at least 8 characters with an
 * upper-case letter, a digit and a special character; also not the username.
 */
export function passwordIssues(password: string, username: string | undefined, field = 'password'): RequestIssue[] {
  const missing: string[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) missing.push(`at least ${PASSWORD_MIN_LENGTH} characters`);
  if (!/\p{Lu}/u.test(password)) missing.push('an upper-case letter');
  if (!/\p{Nd}/u.test(password)) missing.push('a digit');
  if (!/[^\p{L}\p{N}]/u.test(password)) missing.push('a special character');
  const issues: RequestIssue[] = [];
  if (missing.length > 0) issues.push({ path: [field], message: `password needs ${missing.join(', ')}` });
  if (password.length > PASSWORD_MAX_LENGTH) issues.push({ path: [field], message: `password must be at most ${PASSWORD_MAX_LENGTH} characters` });
  if (username !== undefined && password.toLowerCase() === username.toLowerCase()) {
    issues.push({ path: [field], message: 'password must not be the username' });
  }
  return issues;
}

/** The key usernames are unique by: case-insensitive, so "Ada" and "ada" are one account. */
export function usernameKey(username: string): string {
  return username.toLowerCase();
}
