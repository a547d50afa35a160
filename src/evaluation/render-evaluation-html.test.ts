import { describe, expect, it } from 'vitest';
import type { StrategyName } from '../group/aggregation-strategy.ts';
import { evaluationFindings } from './evaluation-findings.ts';
import type { EvaluatedModel, EvaluationReport, GroupCell } from './evaluation-report.ts';
import { formatEvaluationTable } from './format-evaluation-table.ts';
import { renderEvaluationHtml } from './render-evaluation-html.ts';
import { niceScale } from './svg-charts.ts';

// A hand-made report: figures chosen so the best model, the lift and the fair verdict are known.
const models: EvaluatedModel[] = ['ials', 'popularity'];
const strategies: StrategyName[] = ['average', 'fair'];
const mean: Record<string, number> = {
  'ials|average': 0.2,
  'ials|fair': 0.195,
  'popularity|average': 0.1,
  'popularity|fair': 0.1,
};
const worst: Record<string, number> = {
  'ials|average': 0.05,
  'ials|fair': 0.08,
  'popularity|average': 0.02,
  'popularity|fair': 0.03,
};
const cells: GroupCell[] = [];
const summary: GroupCell[] = [];
for (const model of models) {
  for (const strategy of strategies) {
    const key = `${model}|${strategy}`;
    for (const kind of ['random', 'taste-similar'] as const) {
      for (const size of [2, 3])
        cells.push({
          model,
          strategy,
          kind,
          size,
          groups: 5,
          meanNdcg: mean[key] as number,
          worstNdcg: worst[key] as number,
        });
    }
    for (const kind of ['random', 'taste-similar', 'all'] as const) {
      summary.push({
        model,
        strategy,
        kind,
        size: null,
        groups: kind === 'all' ? 20 : 10,
        meanNdcg: mean[key] as number,
        worstNdcg: worst[key] as number,
      });
    }
  }
}
const report: EvaluationReport = {
  protocol: {
    seed: 1,
    k: 20,
    testFraction: 0.2,
    holdoutFraction: 0.2,
    minPlayedMultiplayer: 5,
    maxTestUsers: null,
    groupSizes: [2, 3],
    groupsPerSize: 5,
    groupKinds: ['random', 'taste-similar'],
  },
  data: {
    catalogGames: 100,
    multiplayerGames: 40,
    users: 50,
    eligibleUsers: 40,
    trainUsers: 42,
    testUsers: 8,
    meanHeldOut: 2,
    groupSimilarity: { random: 0.1, 'taste-similar': 0.4 },
  },
  models: models.map((model) => ({
    model,
    cfWeight: 0.8,
    hyperparameters: { note: '<script>alert(1)</script>' },
    user: { users: 8, recall: 0.3, ndcg: 0.2, coverage: 0.5, meanPopularity: 0.1 },
  })),
  strategies,
  groups: cells,
  summary,
};

describe('evaluation findings', () => {
  it('names the best model, its lift over popularity and the fair verdict', () => {
    const findings = evaluationFindings(report);
    expect(findings.comparisonStrategy).toBe('fair');
    expect(findings.bestModel).toBe('ials');
    expect(findings.popularityLift).toBeCloseTo(0.95);
    expect(findings.fair?.meetsTarget).toBe(true);
    expect(findings.fair?.meanRatio).toBeCloseTo(0.975);
  });
});

describe('renderEvaluationHtml', () => {
  const html = renderEvaluationHtml(report, { runtimeSeconds: 12.5, generatedAt: '2026-01-01T00:00:00Z' });

  it('is a standalone page: doctype, title, no scripts or external resources', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>');
    expect(html).toContain('</html>');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain('&lt;script&gt;');
  });

  it('draws one labelled svg per plot', () => {
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    // Models by size per kind (2), strategies by size per kind (2), worst vs mean (1), single users (1).
    expect(svgs).toHaveLength(6);
    for (const svg of svgs) {
      expect(svg).toMatch(/class="title"/);
      expect(svg).toMatch(/class="label"/);
      expect(svg).toMatch(/class="legend"/);
    }
    expect(html).toContain('runtime 12.5 s');
  });

  it('balances its tags', () => {
    for (const tag of ['svg', 'table', 'ul', 'h2', 'body']) {
      const open = html.match(new RegExp(`<${tag}[\\s>]`, 'g'))?.length ?? 0;
      const close = html.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0;
      expect(close).toBe(open);
    }
  });
});

describe('formatEvaluationTable', () => {
  it('lists every model and strategy and the verdicts', () => {
    const text = formatEvaluationTable(report);
    for (const name of [...models, ...strategies]) expect(text).toContain(name);
    expect(text).toContain('0.1950 / 0.0800');
    expect(text).toMatch(/over popularity \(target ≥ \+30%: met\)/);
  });
});

describe('niceScale', () => {
  it('rounds the axis up to a readable maximum', () => {
    expect(niceScale(0.23)).toEqual({ top: 0.25, step: 0.05 });
    expect(niceScale(0)).toEqual({ top: 1, step: 0.2 });
    expect(niceScale(7).top).toBeGreaterThanOrEqual(7);
  });
});
