import { request } from 'undici';
import type { Dispatcher } from 'undici';
import type { HttpGet } from './http-get.ts';

/** Options for the undici-backed HttpGet. */
export interface UndiciHttpGetOptions {
  /** Defaults to undici's global dispatcher; tests pass a MockAgent. */
  dispatcher?: Dispatcher;
  userAgent?: string;
}

/** Creates the production HttpGet on undici's `request`. */
export function createUndiciHttpGet(options: UndiciHttpGetOptions = {}): HttpGet {
  const { dispatcher, userAgent = 'coplay' } = options;
  return async (url, { signal }) => {
    const response = await request(url, {
      method: 'GET',
      signal,
      headers: { accept: 'application/json', 'user-agent': userAgent },
      ...(dispatcher === undefined ? {} : { dispatcher }),
    });
    const body = await response.body.text();
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { status: response.statusCode, headers, body };
  };
}
