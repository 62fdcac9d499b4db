/**
 * A response body as JSON, typed loosely for assertions. Tests only: production code validates
 * what it reads instead.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function jsonOf(res: Response): Promise<any> {
  return res.json();
}
