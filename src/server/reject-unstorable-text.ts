import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { CoplayError } from '../errors.ts';
import { isStorableJsonBody } from './json-body-parser.ts';

// A UTF-16 surrogate without its partner: JSON allows "\ud800", but it is not a Unicode character.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function unstorable(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}

// Numbers, booleans and null hold no text: not visiting them spares a pasted library's ~1,000 entries.
function mayHoldText(value: unknown): boolean {
  return typeof value === 'string' || (value !== null && typeof value === 'object');
}

interface Visit {
  value: unknown;
  key: string | number | undefined;
  parent: Visit | undefined;
}

/** The path (keys from the root) to the first string or key that cannot be stored, or undefined. */
export function pathToUnstorable(root: unknown): (string | number)[] | undefined {
  // An explicit stack with parent links: a hostile body may nest arrays 100,000 deep, which recursion (or
  // copying the path at every level) would not survive.
  const stack: Visit[] = [{ value: root, key: undefined, parent: undefined }];
  for (let visit = stack.pop(); visit !== undefined; visit = stack.pop()) {
    const { value } = visit;
    let found: Visit | undefined;
    if (typeof value === 'string') {
      if (unstorable(value)) found = visit;
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        if (mayHoldText(value[i])) stack.push({ value: value[i], key: i, parent: visit });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (unstorable(key)) found = { value: child, key, parent: visit };
        if (mayHoldText(child)) stack.push({ value: child, key, parent: visit });
      }
    }
    if (found !== undefined) {
      const path: (string | number)[] = [];
      for (let at: Visit | undefined = found; at?.key !== undefined; at = at.parent) path.unshift(at.key);
      return path;
    }
  }
  return undefined;
}

/**
 * Refuses a request whose body, query or path holds text no database here can keep: the NUL character
 * (PostgreSQL text refuses it) or a lone surrogate (PostgreSQL's JSON refuses "\ud800", and UTF-8 has no
 * encoding for it). No name, id or search a person types holds either, and refusing them here makes both
 * databases answer the same coded 400, naming the field, instead of a 500 from one of them. A JSON body whose
 * text could not hold either (json-body-parser) is not walked again. A callback hook, not an async one: it
 * runs on every request and has nothing to wait for.
 */
export function rejectUnstorableText(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  done(unstorableTextError(request));
}

function unstorableTextError(request: FastifyRequest): CoplayError | undefined {
  const parts = [
    ['body', isStorableJsonBody(request) ? undefined : request.body],
    ['querystring', request.query],
    ['params', request.params],
  ] as const;
  for (const [where, value] of parts) {
    const path = pathToUnstorable(value);
    if (path !== undefined) {
      return new CoplayError(
        'INVALID_INPUT',
        `${[where, ...path].join('.')}: text must be valid Unicode without NUL characters or lone surrogates`,
      );
    }
  }
  return undefined;
}
