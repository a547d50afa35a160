import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Requests whose JSON body is known to hold no text that cannot be stored (see reject-unstorable-text). */
const storableBodies = new WeakSet<FastifyRequest>();

/**
 * True when the request's body was parsed here from JSON text that cannot have produced a NUL character or a
 * lone surrogate, so rejectUnstorableText need not walk it (a pasted library is ~1,000 objects per member).
 */
export function isStorableJsonBody(request: FastifyRequest): boolean {
  return storableBodies.has(request);
}

/**
 * JSON.parse yields a NUL or a lone surrogate only from a `\u` escape, or from a raw lone surrogate in the
 * text (a raw NUL is a syntax error: JSON allows no raw control characters). Fastify decodes bodies from UTF-8
 * bytes, which never yields a lone surrogate, but isWellFormed is checked as well: it is free on the usual
 * one-byte (Latin-1) strings, which cannot hold a surrogate at all.
 */
function canHoldUnstorableText(text: string): boolean {
  return text.includes('\\u') || !(text as string & { isWellFormed(): boolean }).isWellFormed();
}

/**
 * secure-json-parse (Fastify's parser) strips a BOM, runs JSON.parse, and then, if the text matches
 * `"__proto__"\s*:` or `"constructor"\s*:` (each letter literal or a `\u` escape), walks the value and
 * refuses a `__proto__` key or a `constructor` object with a `prototype` key. Either refusal needs "proto"
 * in the text, literally or as an escape, so text with neither "proto" nor `\u` gets exactly what
 * JSON.parse gives; and JSON.parse fails on a BOM or an empty text, which then go to Fastify's parser.
 */
function needsDefaultParser(text: string): boolean {
  return text.includes('proto') || text.includes('\\u');
}

/**
 * Replaces Fastify's application/json parser with one that answers exactly the same (same values, same
 * FST_ERR_CTP_* errors for empty, broken or poisoned bodies: every such body goes to Fastify's own parser)
 * while skipping its poisoning regexes on ordinary text, and that tells rejectUnstorableText which bodies
 * it need not walk. Unstorable text is still refused by that hook, not here: an error from a body parser
 * makes Fastify close the connection, which the hook's 400 does not.
 */
export function useFastJsonBodyParser(app: FastifyInstance): void {
  const defaultParser = app.getDefaultJsonParser(
    app.initialConfig.onProtoPoisoning ?? 'error',
    app.initialConfig.onConstructorPoisoning ?? 'error',
  );
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, text, done) => {
    const body = text as string;
    if (!needsDefaultParser(body)) {
      let value: unknown;
      let parsed = true;
      try {
        value = JSON.parse(body);
      } catch {
        parsed = false;
      }
      if (parsed) {
        if (!canHoldUnstorableText(body)) storableBodies.add(request);
        done(null, value);
        return;
      }
    }
    defaultParser(request, body, (error, value) => {
      if (error === null && !canHoldUnstorableText(body)) storableBodies.add(request);
      done(error, value);
    });
  });
}
