import { describe, expect, test } from 'vitest';
import { escapeHtml, html, safeUrl, trustedHtml } from './html.ts';

describe('html', () => {
  test('escapes every interpolated text, in content and attributes', () => {
    const login = `<script>alert("x" + 'y')</script>&\``;
    expect(html`<a title="${login}">${login}</a>`.text).toBe(
      '<a title="&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;)&lt;/script&gt;&amp;&#96;">&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;)&lt;/script&gt;&amp;&#96;</a>',
    );
  });

  test('keeps nested templates and trusted constants as markup, and escapes inside lists', () => {
    const items = ['<b>', 'ok'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>${trustedHtml('<hr>')}`.text).toBe(
      '<ul><li>&lt;b&gt;</li><li>ok</li></ul><hr>',
    );
  });

  test('prints nothing for null, undefined and false, and numbers as text', () => {
    expect(html`${null}${undefined}${false}${0}${1.5}`.text).toBe('01.5');
  });

  test('escapeHtml leaves plain text alone', () => {
    expect(escapeHtml('alice-1')).toBe('alice-1');
  });
});

describe('safeUrl', () => {
  test('keeps http(s) and relative URLs', () => {
    expect(safeUrl('https://github.com/a/b/pull/1')).toBe('https://github.com/a/b/pull/1');
    expect(safeUrl('people/ada.html')).toBe('people/ada.html');
  });

  test('turns scripts, data and protocol-relative URLs into #', () => {
    expect(safeUrl('javascript:alert(1)')).toBe('#');
    expect(safeUrl(' JavaScript:alert(1)')).toBe('#');
    expect(safeUrl('data:text/html,<b>')).toBe('#');
    expect(safeUrl('//evil.example/x')).toBe('#');
  });
});
