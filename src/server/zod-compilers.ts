import type { FastifySchemaCompiler } from 'fastify';
import {
  ResponseSerializationError,
  serializerCompiler as encodingSerializerCompiler,
  validatorCompiler as runtimeValidatorCompiler,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { $ZodType, safeParse } from 'zod/v4/core';

/**
 * fastify-type-provider-zod's validator on a z.compile'd copy of each route's schema: zod generates a parser
 * for it once, at startup, about five times faster than its interpreter on a pasted library. On any input
 * the generated parser refuses, zod reruns its interpreter, so refusals carry the very same issues and the
 * error handler sees the library's own error objects. A schema zod cannot compile keeps the interpreter.
 */
export const compiledValidatorCompiler: FastifySchemaCompiler<$ZodType> = (route) =>
  runtimeValidatorCompiler({ ...route, schema: z.compile(route.schema) });

type SerializerCompiler = typeof encodingSerializerCompiler;

/**
 * Schema kinds whose encode (what the library's serializer runs: safeEncode) is the same as a parse:
 * no defaults, transforms, pipes, codecs or catches, which alone treat the two directions differently.
 */
const SAME_BOTH_WAYS = new Set([
  'string',
  'number',
  'boolean',
  'null',
  'enum',
  'literal',
  'unknown',
  'any',
  'object',
  'array',
  'optional',
  'nullable',
  'readonly',
  'union',
  'record',
  'tuple',
]);

/** True when every schema in the tree is of a kind that encodes as it parses (see SAME_BOTH_WAYS). */
export function encodesAsItParses(schema: $ZodType): boolean {
  const seen = new Set<$ZodType>();
  const pending = [schema];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    // The def's fields vary by kind; only the kinds listed above are looked into.
    const def = next._zod.def as unknown as Record<string, unknown>;
    if (!SAME_BOTH_WAYS.has(String(def.type))) return false;
    const children = [
      ...Object.values((def.shape ?? {}) as Record<string, unknown>),
      def.catchall,
      def.element,
      def.innerType,
      def.keyType,
      def.valueType,
      def.rest,
      ...((def.options ?? []) as unknown[]),
      ...((def.items ?? []) as unknown[]),
    ];
    for (const child of children) if (child instanceof $ZodType) pending.push(child);
  }
  return true;
}

/**
 * fastify-type-provider-zod's serializer checks every reply against its route's response schema with
 * safeEncode, which zod always interprets. For a schema that encodes as it parses (every response schema
 * here), a compiled parse gives the same value (same keys, same order, unknown keys dropped) and refuses the
 * same replies, at about half the cost; so the contract is still checked on every reply. Any other schema
 * keeps the library's serializer.
 */
export const compiledSerializerCompiler: SerializerCompiler = (route) => {
  const schema = route.schema;
  if (!(schema instanceof $ZodType) || !encodesAsItParses(schema)) return encodingSerializerCompiler(route);
  const compiled = z.compile(schema);
  return (data) => {
    const result = safeParse(compiled, data);
    if (result.error) throw new ResponseSerializationError(route.method, route.url, { cause: result.error });
    return JSON.stringify(result.data);
  };
};
