/** What one HTTP GET returned: any status (the caller decides what is an error), headers lower-cased. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

/**
 * The only way the Steam client reaches the network: one GET, aborted through `signal` (which carries the
 * per-request timeout). Rejects only for transport failures (DNS, reset, abort), never for a status code.
 */
export type HttpGet = (url: string, opts: { signal: AbortSignal }) => Promise<HttpResponse>;
