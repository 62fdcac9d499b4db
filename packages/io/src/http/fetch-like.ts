/** The `fetch` a client calls: the global one by default, any compatible function in tests. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
