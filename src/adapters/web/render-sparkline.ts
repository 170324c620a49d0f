import { formatNumber } from './format-number.ts';
import { html, type SafeHtml } from './html.ts';

/**
 * A small line of weekly points, oldest first, drawn as inline SVG with its numbers in a title (for
 * screen readers and hover). Bars, not a line, so a single active week still shows.
 */
export function renderSparkline(values: readonly number[], weekStarts: readonly string[]): SafeHtml {
  const width = 96;
  const height = 24;
  const max = Math.max(0, ...values);
  const step = width / Math.max(1, values.length);
  const total = values.reduce((sum, value) => sum + value, 0);
  const bars = values.map((value, index) => {
    if (value <= 0 || max === 0) return '';
    const barHeight = Math.max(1.5, (value / max) * (height - 2));
    return html`<rect x="${(index * step + 0.5).toFixed(1)}" y="${(height - barHeight).toFixed(1)}" width="${Math.max(1, step - 1.5).toFixed(1)}" height="${barHeight.toFixed(1)}" rx="1"/>`;
  });
  const title = `${formatNumber(total)} points in the ${values.length} weeks from ${weekStarts[0] ?? ''}`;
  return html`<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${title}"><title>${title}</title><line x1="0" y1="${height - 0.5}" x2="${width}" y2="${height - 0.5}" stroke="currentColor" stroke-opacity="0.15"/><g fill="currentColor" fill-opacity="0.75">${bars}</g></svg>`;
}
