import type { StrategyName } from '../group/aggregation-strategy.ts';
import { TARGETS, evaluationFindings } from './evaluation-findings.ts';
import type { EvaluatedModel, EvaluationReport, GroupCell } from './evaluation-report.ts';
import { formatChange, formatMetric } from './format-evaluation-table.ts';
import { PALETTE, barChart, escapeXml, lineChart, type Series } from './svg-charts.ts';
import type { GroupKind } from './synthetic-groups.ts';

/** What the caller knows beyond the report (it is not part of it, to keep reports reproducible). */
export interface HtmlReportContext {
  readonly generatedAt?: string;
  readonly runtimeSeconds?: number;
}

const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;max-width:1180px;margin:2em auto;padding:0 1em}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.8em 0}th,td{padding:.3em .7em;border-bottom:1px solid #e5e5e5;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f5f5f5}
.charts{display:flex;flex-wrap:wrap;gap:1em}.charts svg{background:#fff;border:1px solid #eee}
.met{color:#05704a}.missed{color:#b3261e}.muted{color:#666}
`;

function htmlTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = `<tr>${headers.map((h) => `<th>${escapeXml(h)}</th>`).join('')}</tr>`;
  const body = rows
    .map((r) => `<tr>${r.map((cell) => `<td>${escapeXml(cell)}</td>`).join('')}</tr>`)
    .join('');
  return `<table>${head}${body}</table>`;
}

function verdict(met: boolean): string {
  return met ? '<span class="met">met</span>' : '<span class="missed">not met</span>';
}

/**
 * A standalone HTML page for an evaluation report: findings, tables and inline SVG charts (no scripts,
 * stylesheets or fonts from elsewhere), readable offline and attachable to an issue.
 */
export function renderEvaluationHtml(report: EvaluationReport, context: HtmlReportContext = {}): string {
  const { protocol, data } = report;
  const k = protocol.k;
  const findings = evaluationFindings(report);
  const models = report.models.map((m) => m.model);
  const sizes = protocol.groupSizes;
  const colourOf = (i: number): string => PALETTE[i % PALETTE.length] as string;
  const bySize = (
    model: EvaluatedModel,
    strategy: StrategyName,
    kind: GroupKind,
    pick: (c: GroupCell) => number,
  ): number[] =>
    sizes.map((size) => {
      const c = report.groups.find(
        (g) => g.model === model && g.strategy === strategy && g.kind === kind && g.size === size,
      );
      return c ? pick(c) : Number.NaN;
    });
  const summary = (
    model: EvaluatedModel,
    strategy: StrategyName,
    kind: GroupCell['kind'],
  ): GroupCell | undefined =>
    report.summary.find((c) => c.model === model && c.strategy === strategy && c.kind === kind);
  const comparison = findings.comparisonStrategy;
  const best = findings.bestModel;

  const charts: string[] = [];
  for (const kind of protocol.groupKinds) {
    charts.push(
      lineChart({
        title: `Mean-member NDCG@${k} by group size, ${kind} groups (${comparison})`,
        xLabel: 'group size',
        yLabel: `mean-member NDCG@${k}`,
        x: sizes,
        series: models.map((m, i) => ({
          name: m,
          color: colourOf(i),
          values: bySize(m, comparison, kind, (c) => c.meanNdcg),
        })),
      }),
    );
  }
  if (best !== null) {
    for (const kind of protocol.groupKinds) {
      const series: Series[] = report.strategies.flatMap((s, i) => [
        { name: `${s} mean`, color: colourOf(i), values: bySize(best, s, kind, (c) => c.meanNdcg) },
        {
          name: `${s} worst`,
          color: colourOf(i),
          dashed: true,
          values: bySize(best, s, kind, (c) => c.worstNdcg),
        },
      ]);
      charts.push(
        lineChart({
          title: `${best}: each strategy on ${kind} groups, mean and worst member`,
          xLabel: 'group size',
          yLabel: `NDCG@${k}`,
          x: sizes,
          series,
        }),
      );
    }
    charts.push(
      barChart({
        title: `Worst vs mean member NDCG@${k} per strategy (${best}, all groups)`,
        xLabel: 'strategy',
        yLabel: `NDCG@${k}`,
        categories: report.strategies,
        series: [
          {
            name: 'mean member',
            color: colourOf(0),
            values: report.strategies.map((s) => summary(best, s, 'all')?.meanNdcg ?? Number.NaN),
          },
          {
            name: 'worst member',
            color: colourOf(0),
            dashed: true,
            values: report.strategies.map((s) => summary(best, s, 'all')?.worstNdcg ?? Number.NaN),
          },
        ],
      }),
    );
  }
  charts.push(
    barChart({
      title: `Single users: Recall@${k} and NDCG@${k} per model`,
      xLabel: 'model',
      yLabel: 'metric value',
      categories: models,
      series: [
        { name: `Recall@${k}`, color: colourOf(1), values: report.models.map((m) => m.user.recall) },
        { name: `NDCG@${k}`, color: colourOf(2), values: report.models.map((m) => m.user.ndcg) },
      ],
    }),
  );

  const findingItems: string[] = [];
  if (best !== null) {
    const lift = findings.popularityLift;
    findingItems.push(
      `Best model under <b>${escapeXml(comparison)}</b>: <b>${escapeXml(best)}</b>, mean-member NDCG@${k} ` +
        `${formatMetric(findings.ranking[0]?.meanNdcg ?? Number.NaN)}` +
        (lift === null
          ? ''
          : `, ${formatChange(lift)} over popularity (target ≥ +${TARGETS.popularityLift * 100}%: ${verdict(lift >= TARGETS.popularityLift)})`),
      `Best strategy for ${escapeXml(best)}: <b>${escapeXml(findings.strategiesByMean[0]?.strategy ?? '–')}</b> by mean-member NDCG, ` +
        `<b>${escapeXml(findings.strategiesByWorst[0]?.strategy ?? '–')}</b> by worst-member NDCG`,
    );
  }
  if (findings.fair) {
    const f = findings.fair;
    findingItems.push(
      `fair vs average (${escapeXml(f.model)}): worst member ${formatMetric(f.averageWorst)} → ${formatMetric(f.fairWorst)} ` +
        `(${formatChange(f.fairWorst / f.averageWorst - 1)}), mean member ${formatMetric(f.averageMean)} → ${formatMetric(f.fairMean)} ` +
        `(${formatChange(f.meanRatio - 1)}); target (worst up, mean within ${TARGETS.fairMeanTolerance * 100}%): ${verdict(f.meetsTarget)}`,
    );
  }

  const userTable = htmlTable(
    ['model', `Recall@${k}`, `NDCG@${k}`, 'coverage', 'mean popularity', 'cfWeight', 'hyperparameters'],
    report.models.map((m) => [
      m.model,
      formatMetric(m.user.recall),
      formatMetric(m.user.ndcg),
      formatMetric(m.user.coverage),
      formatMetric(m.user.meanPopularity),
      m.cfWeight.toFixed(2),
      JSON.stringify(m.hyperparameters),
    ]),
  );
  const groupTable = (kind: GroupCell['kind']): string =>
    htmlTable(
      ['model', ...report.strategies.flatMap((s) => [`${s} mean`, `${s} worst`])],
      models.map((m) => [
        m,
        ...report.strategies.flatMap((s) => {
          const c = summary(m, s, kind);
          return [formatMetric(c?.meanNdcg ?? Number.NaN), formatMetric(c?.worstNdcg ?? Number.NaN)];
        }),
      ]),
    );
  const meta = [
    context.generatedAt ? `generated ${escapeXml(context.generatedAt)}` : '',
    context.runtimeSeconds === undefined ? '' : `runtime ${context.runtimeSeconds.toFixed(1)} s`,
    `seed ${protocol.seed}`,
  ]
    .filter(Boolean)
    .join(' · ');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Coplay offline evaluation</title><style>${STYLE}</style></head>
<body>
<h1>Coplay offline evaluation</h1>
<p class="muted">${meta}</p>
<h2>Findings</h2>
<ul>${findingItems.map((item) => `<li>${item}</li>`).join('')}</ul>
<h2>Charts</h2>
<div class="charts">${charts.join('\n')}</div>
<h2>Single users</h2>
<p>Each test user is a 1-member group; the list is ${k} multiplayer games they do not have in their fold-in library.</p>
${userTable}
<h2>Groups: mean-member and worst-member NDCG@${k}</h2>
<h3>All groups</h3>${groupTable('all')}
${protocol.groupKinds.map((kind) => `<h3>${escapeXml(kind)} groups</h3>${groupTable(kind)}`).join('\n')}
<h2>Protocol</h2>
<ul>
<li>${data.users} users, ${data.eligibleUsers} with ≥ ${protocol.minPlayedMultiplayer} played multiplayer games; ${data.trainUsers} train and ${data.testUsers} test users (test users are never seen in training).</li>
<li>Each test user's played multiplayer games are split ${Math.round((1 - protocol.holdoutFraction) * 100)}/${Math.round(protocol.holdoutFraction * 100)}: the first part and all their other games are folded in, the rest (${data.meanHeldOut.toFixed(2)} games on average) is held out.</li>
<li>Catalog: ${data.catalogGames} games, ${data.multiplayerGames} multiplayer (the recommendable pool). Every model is served through the same hybrid with content; "content" is that hybrid with cfWeight 0.</li>
<li>Synthetic groups: ${protocol.groupsPerSize} per size (${sizes.join(', ')}) and kind (${protocol.groupKinds.join(', ')}); taste-similar groups are a random user and their nearest test users by library cosine. Mean within-group cosine: ${Object.entries(
    data.groupSimilarity,
  )
    .map(([kind, s]) => `${escapeXml(kind)} ${formatMetric(s as number)}`)
    .join(', ')}.</li>
<li>Group lists exclude games any member owns; each member's NDCG@${k} is against their own held-out games.</li>
</ul>
</body></html>
`;
}
