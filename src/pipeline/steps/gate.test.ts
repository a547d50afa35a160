import { describe, expect, it } from 'vitest';
import type { TaskContext } from '../pipeline-dag.ts';
import { gate, gateDecision } from './gate.ts';

const metrics = (version: string, meanNdcg: number) => ({
  version,
  groups: 60,
  meanNdcg,
  worstNdcg: meanNdcg / 3,
});

describe('gateDecision', () => {
  it('passes the first model, an equal one, and one worse within the tolerance', () => {
    expect(gateDecision(metrics('c', 0.1), null, 0.02)).toEqual({ pass: true, reason: 'no live model yet' });
    expect(gateDecision(metrics('c', 0.25), metrics('l', 0.25), 0.02).pass).toBe(true);
    expect(gateDecision(metrics('c', 0.2451), metrics('l', 0.25), 0.02).pass).toBe(true);
    expect(gateDecision(metrics('c', 0.3), metrics('l', 0.25), 0).pass).toBe(true);
  });

  it('refuses a candidate worse than live beyond the tolerance, saying by how much', () => {
    const decision = gateDecision(metrics('c', 0.2449), metrics('l', 0.25), 0.02);
    expect(decision.pass).toBe(false);
    expect(decision.reason).toBe(
      'candidate mean group NDCG 0.2449 vs live 0.2500 (floor 0.2450 at tolerance 2.0 %): worse than live beyond tolerance',
    );
    expect(gateDecision(metrics('c', 0.2499), metrics('l', 0.25), 0).pass).toBe(false);
  });
});

describe('gate', () => {
  it('names the candidate version it judged, for publish to check against train', async () => {
    // A passing gate reads only its inputs and settings; the store is touched only to mark a rejection.
    const context = {
      inputs: {
        evaluate: { candidate: metrics('20261126-004752-ease-599f', 0.3), live: metrics('l', 0.25) },
      },
      settings: { gateTolerance: 0.02 },
      log: () => undefined,
    } as unknown as TaskContext;
    const result = await gate(context);
    expect(result.stop).toBeUndefined();
    expect(result.output).toMatchObject({ pass: true, version: '20261126-004752-ease-599f' });
  });
});
