import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { explainIssue } from './explain-issue.ts';

/** explainIssue of the first issue zod finds in `input`. */
function explain(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`${JSON.stringify(input)} is valid`);
  const { path, message } = explainIssue(result.error.issues[0]!, input);
  return `${path.join('.')}: ${message}`;
}

const point = z.object({ x: z.number(), y: z.number() }).strict();
const circle = z.object({ centre: point, r: z.number().positive() }).strict();
const square = z
  .object({ corner: point, side: z.number().positive(), label: z.string().optional() })
  .strict();
const shape = z.union([circle, square], { error: 'a shape is a circle or a square' });

describe('explainIssue', () => {
  it('tells an issue that is not a union as it is', () => {
    expect(explain(z.object({ a: z.array(z.number()) }), { a: [1, 'x'] })).toBe(
      'a.1: Invalid input: expected number, received string',
    );
  });

  it('tells a union through the branch whose keys fit, with the full path', () => {
    expect(
      explain(z.object({ shapes: z.array(shape) }), {
        shapes: [
          { centre: { x: 0, y: 0 }, r: 1 },
          { corner: { x: 0, y: 'up' }, side: 2 },
        ],
      }),
    ).toBe('shapes.1.corner.y: Invalid input: expected number, received string');
  });

  it('looks into a union inside the branch it chose', () => {
    const drawing = z.union([z.object({ shape }).strict(), z.object({ text: z.string() }).strict()]);
    expect(explain(drawing, { shape: { centre: { x: 0, y: 0 }, r: -1 } })).toBe(
      'shape.r: Too small: expected number to be >0',
    );
  });

  it('among branches whose keys fit, takes the one with the fewest issues', () => {
    const either = z.union([
      z.object({ a: z.string(), b: z.string(), c: z.string() }),
      z.object({ a: z.number(), b: z.number(), c: z.number() }),
    ]);
    expect(explain(either, { a: 'x', b: 'y', c: 1 })).toBe(
      'c: Invalid input: expected string, received number',
    );
    expect(explain(either, { a: 1, b: 2, c: 'x' })).toBe(
      'c: Invalid input: expected number, received string',
    );
  });

  it('a refinement of the whole value does not count against its branch’s keys', () => {
    const range = z
      .object({ from: z.number(), to: z.number() })
      .strict()
      .refine((r) => r.from <= r.to, { message: 'from is above to' });
    const spec = z.union([range, z.object({ at: z.number() }).strict()], { error: 'a range or a point' });
    expect(explain(spec, { from: 3, to: 1 })).toBe(': from is above to');
  });

  it('when no branch fits by its keys, tells the union’s message after the key problems the closest agree on', () => {
    expect(explain(shape, { colour: 'red' })).toBe(
      ': Unrecognized key: "colour"; a shape is a circle or a square',
    );
    // Only the circle lacks nothing but `r`: its problem is told.
    expect(explain(shape, { centre: { x: 0, y: 0 } })).toBe(': missing "r"; a shape is a circle or a square');
    // A key present with the wrong type is not missing: the branch fits and its issue is told.
    expect(explain(shape, { centre: { x: 0, y: 0 }, r: null })).toBe(
      'r: Invalid input: expected number, received null',
    );
    // Each branch misses something else: only the union's message.
    expect(explain(shape, {})).toBe(': a shape is a circle or a square');
    expect(explain(shape, 7)).toBe(
      ': Invalid input: expected object, received number; a shape is a circle or a square',
    );
  });
});
