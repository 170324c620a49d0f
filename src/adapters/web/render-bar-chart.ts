import { formatCompact, formatNumber } from './format-number.ts';
import { html, type SafeHtml } from './html.ts';

/** What a bar chart shows. */
export interface BarChartInput {
  /** Said to screen readers and shown on hover with each bar's value. */
  readonly title: string;
  readonly values: readonly number[];
  /** One label per bar (a week, a month); some are printed under the axis, all are in the bars' titles. */
  readonly labels: readonly string[];
  /** What a value counts, for the bars' titles: `points`, `people`. */
  readonly unit: string;
}

const WIDTH = 600;
const HEIGHT = 160;
/** Labels printed under the bars, spread evenly from the first bar to the last. */
const AXIS_LABELS = 5;

/**
 * A bar chart: the bars are inline SVG stretched to the container's width (a phone's included),
 * while the scale and the labels are HTML text, so they stay readable at any width. Each bar's
 * value is in its title, and the whole chart is described for screen readers.
 */
export function renderBarChart(input: BarChartInput): SafeHtml {
  const { values, labels } = input;
  const max = niceCeiling(Math.max(0, ...values));
  const step = WIDTH / Math.max(1, values.length);
  const bars = values.map((value, index) => {
    const barHeight = max === 0 ? 0 : (value / max) * (HEIGHT - 2);
    return html`<rect class="bar" x="${(index * step + step * 0.12).toFixed(2)}" y="${(HEIGHT - barHeight).toFixed(2)}" width="${(step * 0.76).toFixed(2)}" height="${Math.max(value > 0 ? 1 : 0, barHeight).toFixed(2)}"><title>${labels[index] ?? ''}: ${formatNumber(value)} ${input.unit}</title></rect>`;
  });
  const shown = values.length <= 1 ? [0] : evenly(values.length, Math.min(AXIS_LABELS, values.length));
  return html`<div class="chart-box"><div class="chart-scale" aria-hidden="true"><span>${formatCompact(max)}</span><span>0</span></div>
<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" role="img" aria-label="${input.title}"><title>${input.title}</title>
<line class="axis" x1="0" y1="0.5" x2="${WIDTH}" y2="0.5" stroke-dasharray="3 4" vector-effect="non-scaling-stroke"/>
<line class="axis" x1="0" y1="${HEIGHT - 0.5}" x2="${WIDTH}" y2="${HEIGHT - 0.5}" vector-effect="non-scaling-stroke"/>
${bars}</svg></div>
<div class="chart-x" aria-hidden="true">${shown.map((index) => html`<span>${shortLabel(labels[index] ?? '')}</span>`)}</div>`;
}

/** `count` indices from 0 to `length - 1`, evenly spread, both ends included. */
function evenly(length: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => Math.round((index * (length - 1)) / (count - 1)));
}

/** The smallest of 1, 2, 2.5, 5 times a power of ten at or above `value` (0 stays 0). */
function niceCeiling(value: number): number {
  if (value <= 0) return 0;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 2.5, 5, 10]) if (factor * power >= value) return factor * power;
  return 10 * power;
}

/** `2026-03` becomes `Mar 26`; `2026-03-02` becomes `Mar 2`. */
function shortLabel(label: string): string {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(label);
  if (match === null) return label;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
    Number(match[2]) - 1
  ];
  return match[3] === undefined ? `${month} ${match[1]!.slice(2)}` : `${month} ${Number(match[3])}`;
}
