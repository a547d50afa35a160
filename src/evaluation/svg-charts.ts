/**
 * Small self-contained SVG charts for the evaluation report: no scripts, no external fonts, every chart
 * titled, with labelled axes and a legend. Values that are not finite are left out of a series.
 */

export interface Series {
  readonly name: string;
  readonly color: string;
  /** Dashed line, or a faded bar (e.g. the worst member next to the mean). */
  readonly dashed?: boolean;
  readonly values: readonly number[];
}

export interface ChartFrame {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
}

/** A colour-blind-friendly palette (Okabe–Ito), in legend order. */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#D55E00',
  '#56B4E9',
  '#F0E442',
  '#000000',
];

const WIDTH = 560;
const HEIGHT = 340;
const PAD = { left: 64, right: 16, top: 40, bottom: 52 };
const LEGEND_ROW = 18;
/** Styles inside each chart, so an SVG copied out of the page still renders the same. */
const CHART_STYLE =
  'text{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;fill:#1a1a1a}' +
  '.title{font-size:14px;font-weight:600}.label{font-size:12px}.tick,.legend{font-size:11px}' +
  '.grid{stroke:#e6e6e6;stroke-width:1}.axis{stroke:#555;stroke-width:1}';

/** Escapes text for SVG/HTML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A "nice" axis maximum (1, 2, 2.5 or 5 × 10^n) at or above `max`, and its tick step. */
export function niceScale(max: number, ticks = 5): { top: number; step: number } {
  if (!(max > 0) || !Number.isFinite(max)) return { top: 1, step: 1 / ticks };
  const raw = max / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  return { top: step * Math.ceil(max / step - 1e-9), step };
}

function frame(
  chart: ChartFrame,
  legend: readonly Series[],
  shape: 'line' | 'box',
  plotHeight: number,
  yTop: number,
  yStep: number,
  body: string,
): string {
  const plotWidth = WIDTH - PAD.left - PAD.right;
  // As many legend columns as the longest name allows (about 6.5 px per character at 11 px).
  const longest = Math.max(1, ...legend.map((s) => s.name.length));
  const columns = Math.max(1, Math.min(4, Math.floor(plotWidth / (34 + longest * 6.5))));
  const legendHeight = Math.ceil(legend.length / columns) * LEGEND_ROW + 8;
  const height = PAD.top + plotHeight + PAD.bottom + legendHeight;
  const y = (v: number): number => PAD.top + plotHeight - (v / yTop) * plotHeight;
  const parts: string[] = [];
  parts.push(
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" class="title">${escapeXml(chart.title)}</text>`,
  );
  for (let t = 0; t * yStep <= yTop + yStep / 2; t++) {
    const v = t * yStep;
    const yy = y(v).toFixed(1);
    parts.push(`<line x1="${PAD.left}" x2="${PAD.left + plotWidth}" y1="${yy}" y2="${yy}" class="grid"/>`);
    parts.push(
      `<text x="${PAD.left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle" class="tick">${formatTick(v, yStep)}</text>`,
    );
  }
  parts.push(
    `<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${PAD.top + plotHeight}" class="axis"/>`,
  );
  parts.push(
    `<line x1="${PAD.left}" x2="${PAD.left + plotWidth}" y1="${PAD.top + plotHeight}" y2="${PAD.top + plotHeight}" class="axis"/>`,
  );
  parts.push(body);
  parts.push(
    `<text x="${PAD.left + plotWidth / 2}" y="${PAD.top + plotHeight + 38}" text-anchor="middle" class="label">${escapeXml(chart.xLabel)}</text>`,
  );
  const midY = PAD.top + plotHeight / 2;
  parts.push(
    `<text x="16" y="${midY}" text-anchor="middle" transform="rotate(-90 16 ${midY})" class="label">${escapeXml(chart.yLabel)}</text>`,
  );
  legend.forEach((s, i) => {
    const lx = PAD.left + (i % columns) * (plotWidth / columns);
    const ly = PAD.top + plotHeight + PAD.bottom + Math.floor(i / columns) * LEGEND_ROW + 4;
    if (shape === 'box') {
      const faded = s.dashed ? ' fill-opacity="0.45"' : '';
      parts.push(`<rect x="${lx}" y="${ly - 6}" width="22" height="12" fill="${s.color}"${faded}/>`);
    } else {
      const dash = s.dashed ? ' stroke-dasharray="5 3"' : '';
      parts.push(
        `<line x1="${lx}" x2="${lx + 22}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="3"${dash}/>`,
      );
    }
    parts.push(
      `<text x="${lx + 28}" y="${ly}" dominant-baseline="middle" class="legend">${escapeXml(s.name)}</text>`,
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" ` +
    `aria-label="${escapeXml(chart.title)}"><style>${CHART_STYLE}</style>` +
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>${parts.join('')}</svg>`
  );
}

function formatTick(value: number, step: number): string {
  let decimals = 0;
  while (decimals < 6 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-9)
    decimals++;
  return value.toFixed(decimals);
}

/** Lines over categorical x positions (e.g. group sizes 2–8), one per series, with a marker per point. */
export function lineChart(
  chart: ChartFrame & { x: readonly (string | number)[]; series: readonly Series[] },
): string {
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const max = Math.max(0, ...chart.series.flatMap((s) => s.values.filter(Number.isFinite)));
  const { top, step } = niceScale(max);
  const n = chart.x.length;
  const xAt = (i: number): number =>
    PAD.left + (n === 1 ? plotWidth / 2 : 16 + (i * (plotWidth - 32)) / (n - 1));
  const yAt = (v: number): number => PAD.top + plotHeight - (v / top) * plotHeight;
  const parts: string[] = [];
  chart.x.forEach((label, i) => {
    parts.push(
      `<text x="${xAt(i).toFixed(1)}" y="${PAD.top + plotHeight + 16}" text-anchor="middle" class="tick">${escapeXml(String(label))}</text>`,
    );
  });
  for (const s of chart.series) {
    const points = s.values.map((v, i) =>
      Number.isFinite(v) ? `${xAt(i).toFixed(1)},${yAt(v).toFixed(1)}` : null,
    );
    const path = points.filter((p): p is string => p !== null).join(' ');
    const dash = s.dashed ? ' stroke-dasharray="5 3"' : '';
    parts.push(
      `<polyline points="${path}" fill="none" stroke="${s.color}" stroke-width="2"${dash}><title>${escapeXml(s.name)}</title></polyline>`,
    );
    s.values.forEach((v, i) => {
      if (!Number.isFinite(v)) return;
      parts.push(
        `<circle cx="${xAt(i).toFixed(1)}" cy="${yAt(v).toFixed(1)}" r="3" fill="${s.color}"><title>${escapeXml(`${s.name}, ${chart.x[i]}: ${v.toFixed(4)}`)}</title></circle>`,
      );
    });
  }
  return frame(chart, chart.series, 'line', plotHeight, top, step, parts.join(''));
}

/** Grouped vertical bars: one group per category, one bar per series. */
export function barChart(
  chart: ChartFrame & { categories: readonly string[]; series: readonly Series[] },
): string {
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const max = Math.max(0, ...chart.series.flatMap((s) => s.values.filter(Number.isFinite)));
  const { top, step } = niceScale(max);
  const slot = plotWidth / Math.max(1, chart.categories.length);
  const barWidth = (slot * 0.8) / Math.max(1, chart.series.length);
  const parts: string[] = [];
  chart.categories.forEach((category, c) => {
    const x0 = PAD.left + c * slot + slot * 0.1;
    parts.push(
      `<text x="${(PAD.left + (c + 0.5) * slot).toFixed(1)}" y="${PAD.top + plotHeight + 16}" text-anchor="middle" class="tick">${escapeXml(category)}</text>`,
    );
    chart.series.forEach((s, i) => {
      const v = s.values[c] ?? Number.NaN;
      if (!Number.isFinite(v)) return;
      const h = (v / top) * plotHeight;
      const hatch = s.dashed ? ' fill-opacity="0.45"' : '';
      parts.push(
        `<rect x="${(x0 + i * barWidth).toFixed(1)}" y="${(PAD.top + plotHeight - h).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${s.color}"${hatch}>` +
          `<title>${escapeXml(`${s.name}, ${category}: ${v.toFixed(4)}`)}</title></rect>`,
      );
    });
  });
  return frame(chart, chart.series, 'box', plotHeight, top, step, parts.join(''));
}
