/** Markup that is already safe: made by {@link html} or {@link trustedHtml}, never from user text. */
export class SafeHtml {
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  toString(): string {
    return this.text;
  }
}

/** What a template may interpolate: text (escaped), numbers, safe markup, lists of these; null and false print nothing. */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (character) => ESCAPES[character]!);
}

/**
 * A template tag that escapes every interpolated value unless it is {@link SafeHtml}, so a login
 * such as `<script>alert(1)</script>` prints as text wherever it goes. Attribute values must be
 * quoted in the template; URLs are passed through {@link safeUrl} by the caller.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let index = 0; index < values.length; index++) out += render(values[index]) + strings[index + 1]!;
  return new SafeHtml(out);
}

/** Marks a constant of the program (never input) as markup. */
export function trustedHtml(text: string): SafeHtml {
  return new SafeHtml(text);
}

/** Text fit for an `href` or `src`: http(s) and relative URLs as they are, anything else (javascript:, data:) as `#`. */
export function safeUrl(url: string): string {
  const trimmed = url.trim();
  if (/^https?:\/\//i.test(trimmed)) return trimmed;
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith('//')) return '#';
  return trimmed;
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.text;
  if (typeof value === 'number') return escapeHtml(String(value));
  if (typeof value === 'string') return escapeHtml(value);
  let out = '';
  for (const item of value) out += render(item);
  return out;
}
