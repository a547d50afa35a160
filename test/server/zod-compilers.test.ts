/**
 * The compiled validator and serializer answer exactly what fastify-type-provider-zod's interpreted ones
 * answer: the same values and the same error objects for requests, the same bytes or the same refusal for
 * replies.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import Fastify from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  ResponseSerializationError,
  serializerCompiler as librarySerializerCompiler,
  validatorCompiler as libraryValidatorCompiler,
} from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { $ZodType } from 'zod/v4/core';
import { ModelListResponseSchema, PipelineRunListResponseSchema } from '../../src/contract/admin.ts';
import { ErrorResponseSchema } from '../../src/contract/errors.ts';
import { FeedbackRequestSchema, FeedbackResponseSchema } from '../../src/contract/feedback.ts';
import { GameSearchQuerySchema, GameSearchResponseSchema } from '../../src/contract/games.ts';
import {
  FriendsResponseSchema,
  ResolveRequestSchema,
  SamplePlayersResponseSchema,
} from '../../src/contract/members.ts';
import {
  RecommendationRequestSchema,
  RecommendationResponseSchema,
} from '../../src/contract/recommendations.ts';
import { isCoplayError } from '../../src/errors.ts';
import { MemberResolver } from '../../src/server/member-resolver.ts';
import { recommendForRequest } from '../../src/server/recommend-for-request.ts';
import {
  compiledSerializerCompiler,
  compiledValidatorCompiler,
  encodesAsItParses,
} from '../../src/server/zod-compilers.ts';
import {
  anyJson,
  anyMember,
  awkwardText,
  awkwardValue,
  bodies,
  gamesQuery,
  inlineMember,
  mutated,
  sampleMember,
  validFeedback,
  validFilters,
  validRecommendation,
  validResolve,
} from './request-arbitraries.ts';
import { buildTestApp, type TestApp } from './test-app.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

type Validate = (data: unknown) => { value?: unknown; error?: unknown };
const validators = (schema: $ZodType) =>
  [libraryValidatorCompiler, compiledValidatorCompiler].map(
    (compile) => compile({ schema, method: 'POST', url: '/x', httpPart: 'body' }) as Validate,
  );

type Serialize = (data: unknown) => string;
const serializers = (schema: $ZodType) =>
  [librarySerializerCompiler, compiledSerializerCompiler].map(
    (compile) => compile({ schema, method: 'POST', url: '/x', httpStatus: '200' }) as Serialize,
  );

/** The serializer's answer: its text, or what it threw. */
function outcome(serialize: Serialize, data: unknown): string | { threw: string; message: string } {
  try {
    return serialize(data);
  } catch (error) {
    return { threw: (error as Error).constructor.name, message: (error as Error).message };
  }
}

describe('the compiled validator', () => {
  const cases = [
    [
      'recommendation',
      RecommendationRequestSchema,
      fc.oneof(
        bodies(fc.oneof(validRecommendation, fc.record({ members: fc.array(anyMember, { maxLength: 12 }) }))),
        awkwardValue,
      ),
    ],
    ['feedback', FeedbackRequestSchema, fc.oneof(bodies(validFeedback), anyJson)],
    ['resolve', ResolveRequestSchema, bodies(fc.oneof(validResolve, fc.record({ input: awkwardText })))],
    [
      'search query',
      GameSearchQuerySchema,
      gamesQuery.map((q) => Object.fromEntries(new URLSearchParams(q))),
    ],
  ] as const;

  for (const [name, schema, inputs] of cases) {
    it(`gives the interpreter's value or error objects: ${name}`, () => {
      const [runtime, compiled] = validators(schema);
      fc.assert(
        fc.property(inputs, (input) => {
          const a = runtime!(structuredClone(input));
          const b = compiled!(structuredClone(input));
          // Deep-strict: -0, NaN, key order and the error objects' symbol marker all count.
          expect(isDeepStrictEqual(b, a), JSON.stringify(input)).toBe(true);
          if (a.error) expect(hasZodFastifySchemaValidationErrors({ validation: b.error })).toBe(true);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('compiles the recommendation request entirely (a pasted library would otherwise be interpreted)', () => {
    expect(() => z.compile(RecommendationRequestSchema, { strict: true })).not.toThrow();
  });

  it('refuses with the issues that name the field, as the error handler reads them', () => {
    const [, compiled] = validators(RecommendationRequestSchema);
    const result = compiled!({ members: [{ name: 'A', games: [{ appid: -1 }] }] });
    expect(result.error).toMatchObject([
      { instancePath: '/members/0/games/0/appid', keyword: 'too_small', message: expect.any(String) },
    ]);
  });
});

describe('encodesAsItParses', () => {
  it('holds for every response schema of the API', () => {
    for (const schema of [
      RecommendationResponseSchema,
      ErrorResponseSchema,
      FeedbackResponseSchema,
      GameSearchResponseSchema,
      SamplePlayersResponseSchema,
      FriendsResponseSchema,
      ModelListResponseSchema,
      PipelineRunListResponseSchema,
    ]) {
      expect(encodesAsItParses(schema)).toBe(true);
    }
  });

  it('fails for defaults, transforms, pipes, codecs and catches, however deep', () => {
    const deep = (inner: z.ZodType) =>
      z.object({ a: z.array(z.object({ b: z.union([z.string(), z.object({ c: inner.optional() })]) })) });
    const isoDate = z.codec(z.iso.datetime(), z.date(), {
      decode: (s) => new Date(s),
      encode: (d) => d.toISOString(),
    });
    for (const inner of [
      z.number().default(1),
      z.string().transform((s) => s.length),
      z.string().pipe(z.string()),
      isoDate,
      z.number().catch(0),
      z.number().prefault(1),
    ]) {
      expect(encodesAsItParses(inner)).toBe(false);
      expect(encodesAsItParses(deep(inner))).toBe(false);
    }
    expect(encodesAsItParses(deep(z.number().nullable()))).toBe(true);
  });
});

describe('the compiled serializer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
  });
  afterAll(async () => t.close());

  const ownGroup = fc.record(
    {
      members: fc.array(fc.oneof(inlineMember, sampleMember), { minLength: 2, maxLength: 8 }),
      limit: fc.integer({ min: 1, max: 100 }),
      strategy: fc.constantFrom('average', 'least_misery', 'average_without_misery', 'fair'),
      filters: validFilters,
    },
    { requiredKeys: ['members'] },
  );
  /** What the route hands its serializer for a valid request (undefined for a coded refusal). */
  async function present(input: unknown): Promise<unknown> {
    const request = RecommendationRequestSchema.parse(input);
    try {
      return await recommendForRequest(t.models, new MemberResolver(t.store, undefined), request);
    } catch (error) {
      if (isCoplayError(error)) return undefined;
      throw error;
    }
  }

  it('writes the very bytes the library writes for real answers, and for broken ones the same text or refusal', async () => {
    const [library, compiled] = serializers(RecommendationResponseSchema);
    await fc.assert(
      fc.asyncProperty(ownGroup, fc.array(fc.nat(), { maxLength: 3 }), async (input, seeds) => {
        const data = await present(input);
        if (data === undefined) return;
        expect(compiled!(data)).toBe(library!(data));
        // Broken copies: fields replaced by awkward values, removed, repeated, or joined by unknown keys.
        for (const seed of seeds) {
          const [broken] = fc.sample(mutated(fc.constant(data)), { seed, numRuns: 1 });
          const answer = outcome(library!, broken);
          expect(outcome(compiled!, broken)).toEqual(answer);
          if (typeof answer !== 'string') expect(answer.threw).toBe(ResponseSerializationError.name);
        }
      }),
      { numRuns: Math.round(RUNS / 3) },
    );
  });

  it('drops unknown keys and writes keys in the schema’s order, as the library does', () => {
    const [library, compiled] = serializers(ErrorResponseSchema);
    const data = { extra: 1, message: 'm', details: { b: [1, { c: 2 }], a: undefined }, code: 'C' };
    expect(compiled!(data)).toBe('{"code":"C","message":"m","details":{"b":[1,{"c":2}]}}');
    expect(compiled!(data)).toBe(library!(data));
  });

  it('leaves schemas that encode differently to the library', () => {
    const schema = z.object({ n: z.number().default(1), at: z.date().transform((d) => d.getTime()) });
    const [library, compiled] = serializers(schema);
    for (const data of [{ n: 2, at: 5 }, { at: 5 }, { n: 2, at: new Date(5) }]) {
      expect(outcome(compiled!, data)).toEqual(outcome(library!, data));
    }
  });

  it('still refuses a reply that breaks its route’s contract: a 500, not the broken reply', async () => {
    const app = Fastify();
    app.setValidatorCompiler(compiledValidatorCompiler);
    app.setSerializerCompiler(compiledSerializerCompiler);
    app.get('/broken', { schema: { response: { 200: ErrorResponseSchema } } }, async () => ({
      code: 'C',
      message: Number.NaN,
    }));
    const res = await app.inject({ method: 'GET', url: '/broken' });
    expect(res.statusCode).toBe(500);
    expect(res.json().code).toBe('FST_ERR_RESPONSE_SERIALIZATION');
    await app.close();
  });
});
