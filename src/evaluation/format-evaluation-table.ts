import type { StrategyName } from '../group/aggregation-strategy.ts';
import { TARGETS, evaluationFindings } from './evaluation-findings.ts';
import type { EvaluatedModel, EvaluationReport, GroupCell } from './evaluation-report.ts';

/** A metric to 4 decimals; "–" when it could not be computed. */
export function formatMetric(value: number): string {
  return Number.isFinite(value) ? value.toFixed(4) : '–';
}

/** A relative change as a signed percentage, e.g. "+12.3%". */
export function formatChange(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  const percent = ratio * 100;
  return `${percent >= 0 ? '+' : '−'}${Math.abs(percent).toFixed(1)}%`;
}

/** Left-aligned first column, right-aligned numbers, two spaces between columns. */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * The report as terminal text: the data and protocol, single-user metrics per model, group NDCG per
 * model × strategy, the strategies of the best model by kind, and the findings against the targets.
 */
export function formatEvaluationTable(report: EvaluationReport): string {
  const { protocol, data } = report;
  const k = protocol.k;
  const findings = evaluationFindings(report);
  const summary = (
    model: EvaluatedModel,
    strategy: StrategyName,
    kind: GroupCell['kind'],
  ): GroupCell | undefined =>
    report.summary.find((c) => c.model === model && c.strategy === strategy && c.kind === kind);
  const pair = (c: GroupCell | undefined): string =>
    c ? `${formatMetric(c.meanNdcg)} / ${formatMetric(c.worstNdcg)}` : '–';
  const out: string[] = [];

  const similarity = Object.entries(data.groupSimilarity)
    .map(([kind, s]) => `${kind} ${formatMetric(s as number)}`)
    .join(', ');
  out.push(
    `Data: ${data.users} users (${data.eligibleUsers} with ≥ ${protocol.minPlayedMultiplayer} played multiplayer games) → ` +
      `${data.trainUsers} train, ${data.testUsers} test; ${data.catalogGames} games, ${data.multiplayerGames} multiplayer; ` +
      `${data.meanHeldOut.toFixed(2)} held-out games per test user; seed ${protocol.seed}`,
    `Groups: ${protocol.groupsPerSize} per size × sizes ${protocol.groupSizes.join(',')} × ${protocol.groupKinds.join(', ')} ` +
      `(mean within-group library cosine: ${similarity})`,
    '',
    `Single users (1-member groups, ownership "none"), k = ${k}`,
    textTable(
      ['model', `Recall@${k}`, `NDCG@${k}`, 'coverage', 'mean pop.', 'cfWeight'],
      report.models.map((m) => [
        m.model,
        formatMetric(m.user.recall),
        formatMetric(m.user.ndcg),
        formatMetric(m.user.coverage),
        formatMetric(m.user.meanPopularity),
        m.cfWeight.toFixed(2),
      ]),
    ),
    '',
    `Groups: mean-member NDCG@${k} / worst-member NDCG@${k}, all groups`,
    textTable(
      ['model', ...report.strategies],
      report.models.map((m) => [m.model, ...report.strategies.map((s) => pair(summary(m.model, s, 'all')))]),
    ),
  );

  const best = findings.bestModel;
  if (best !== null) {
    const average = summary(best, 'average', 'all');
    out.push(
      '',
      `Strategies for the best model (${best}): mean / worst NDCG@${k} by group kind`,
      textTable(
        ['strategy', 'all', ...protocol.groupKinds, 'Δ mean vs average', 'Δ worst vs average'],
        report.strategies.map((s) => {
          const all = summary(best, s, 'all');
          return [
            s,
            pair(all),
            ...protocol.groupKinds.map((kind) => pair(summary(best, s, kind))),
            average && all ? formatChange(all.meanNdcg / average.meanNdcg - 1) : '–',
            average && all ? formatChange(all.worstNdcg / average.worstNdcg - 1) : '–',
          ];
        }),
      ),
    );
  }

  out.push('', 'Findings');
  if (best !== null) {
    const lift = findings.popularityLift;
    out.push(
      `- best model under ${findings.comparisonStrategy}: ${best} (mean-member NDCG@${k} ${formatMetric(findings.ranking[0]?.meanNdcg ?? Number.NaN)})` +
        (lift === null
          ? ''
          : `, ${formatChange(lift)} over popularity (target ≥ +${TARGETS.popularityLift * 100}%: ${lift >= TARGETS.popularityLift ? 'met' : 'NOT met'})`),
      `- best strategy for ${best}: ${findings.strategiesByMean[0]?.strategy ?? '–'} by mean-member NDCG, ` +
        `${findings.strategiesByWorst[0]?.strategy ?? '–'} by worst-member NDCG`,
    );
  }
  const fair = findings.fair;
  if (fair) {
    out.push(
      `- fair vs average (${fair.model}): worst member ${formatMetric(fair.averageWorst)} → ${formatMetric(fair.fairWorst)} ` +
        `(${formatChange(fair.fairWorst / fair.averageWorst - 1)}), mean member ${formatMetric(fair.averageMean)} → ` +
        `${formatMetric(fair.fairMean)} (${formatChange(fair.meanRatio - 1)}); target (worst up, mean within ` +
        `${TARGETS.fairMeanTolerance * 100}%): ${fair.meetsTarget ? 'met' : 'NOT met'}`,
    );
  }
  return out.join('\n');
}
