/** Where a request went, for error messages and retry reports: its method and its URL (no credentials). */
export interface RequestTarget {
  /** HTTP method, upper case. */
  readonly method: string;
  /** The URL requested (absolute, or a path when the client names its server elsewhere). */
  readonly url: string;
}

/** `GET https://api.spotify.com/v1/tracks?ids=…`: how messages name a request. */
export function describeTarget(target: RequestTarget): string {
  return `${target.method} ${target.url}`;
}
