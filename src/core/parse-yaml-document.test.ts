import { describe, expect, test } from 'vitest';
import * as z from 'zod';
import { formatDiagnostic } from './diagnostics.ts';
import { MAX_ALIAS_EXPANSION, parseYamlDocument } from './parse-yaml-document.ts';

const ladderSchema = z.strictObject({
  name: z.string(),
  levels: z.array(
    z.strictObject({
      id: z.string(),
      requires: z.array(
        z.strictObject({ points: z.strictObject({ min: z.number(), window: z.string().optional() }) }),
      ),
    }),
  ),
});

function problems(text: string): string[] {
  const result = parseYamlDocument(text, 'ladder.yaml', ladderSchema);
  if (result.ok) throw new Error('expected diagnostics');
  return result.diagnostics.map(formatDiagnostic);
}

describe('parseYamlDocument', () => {
  test('returns the validated value for a good document', () => {
    const result = parseYamlDocument(
      'name: x\nlevels:\n  - id: a\n    requires: []\n',
      'ladder.yaml',
      ladderSchema,
    );
    expect(result).toEqual({ ok: true, value: { name: 'x', levels: [{ id: 'a', requires: [] }] } });
  });

  test('locates a wrong value deep in lists at the value itself, quoting what was written', () => {
    const text = [
      'name: ladder',
      'levels:',
      '  - id: a',
      '    requires: []',
      '  - id: b',
      '    requires: []',
      '  - id: c',
      '    requires:',
      '      - points:',
      '          min: lots',
    ].join('\n');
    expect(problems(text)).toEqual([
      'ladder.yaml:10:16 levels[2].requires[0].points.min: expected a number, got "lots"',
    ]);
  });

  test('reports every problem at once, top to bottom', () => {
    const text = [
      'name: 3', //
      'colour: blue',
      'levels:',
      '  - id: a',
      '    requires:',
      '      - points: {min: 5, windw: 12w}',
      '  - requires: []',
    ].join('\n');
    expect(problems(text)).toEqual([
      'ladder.yaml:1:7 name: expected a string, got 3',
      'ladder.yaml:2:1 colour: unknown key "colour"; expected one of name, levels',
      'ladder.yaml:6:26 levels[0].requires[0].points.windw: unknown key "windw"; did you mean "window"?',
      'ladder.yaml:7:5 levels[1].id: missing required key "id"',
    ]);
  });

  test('points a missing key at the key holding the map it is missing from', () => {
    const text = 'name: x\nlevels:\n  - id: a\n    requires:\n      - points:\n          window: 1y\n';
    expect(problems(text)).toEqual([
      'ladder.yaml:5:9 levels[0].requires[0].points.min: missing required key "min"',
    ]);
  });

  test('points a missing top-level key at the start of the document', () => {
    expect(problems('# a comment\nname: x\n')).toEqual([
      'ladder.yaml:2:1 levels: missing required key "levels"',
    ]);
  });

  test('points an empty value at its key', () => {
    expect(problems('name:\nlevels: []\n')).toEqual(['ladder.yaml:1:1 name: expected a string, got nothing']);
  });

  test('reports YAML syntax errors with their position and does not validate a half-read document', () => {
    const diagnostics = problems('name: x\nlevels: [\n  {id: a\n');
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((line) => /^ladder\.yaml:\d+:\d+ /.test(line))).toBe(true);
    expect(diagnostics.join('\n')).not.toMatch(/missing required key/);
  });

  test('treats a repeated key as an error at the repetition', () => {
    expect(problems('name: x\nname: y\nlevels: []\n')).toEqual(['ladder.yaml:2:1 Map keys must be unique']);
  });

  test('reports an empty document as a whole-file problem', () => {
    expect(problems('')).toEqual(['ladder.yaml:1:1 expected a map, got an empty document']);
  });

  test("uses a schema's own message for a wrong type instead of the generic one", () => {
    const schema = z.strictObject({
      min: z.number({
        error: (issue) => (issue.input === 'TODO' ? 'a TODO left in the template' : undefined),
      }),
      max: z.number({
        error: (issue) => (issue.input === 'TODO' ? 'a TODO left in the template' : undefined),
      }),
    });
    const result = parseYamlDocument('min: TODO\nmax: lots\n', 'ladder.yaml', schema);
    expect(result.ok ? [] : result.diagnostics.map(formatDiagnostic)).toEqual([
      'ladder.yaml:1:6 min: a TODO left in the template',
      'ladder.yaml:2:6 max: expected a number, got "lots"',
    ]);
  });

  test('refuses a document whose aliases expand past the budget, at the alias that passes it', () => {
    const list = Array.from({ length: 1000 }, (_, index) => `r${index}`).join(', ');
    const text = [
      'groups:',
      `  - { id: g0, repos: &shared [${list}] }`,
      ...Array.from({ length: 999 }, (_, index) => `  - { id: g${index + 1}, repos: *shared }`),
    ].join('\n');
    const schema = z.strictObject({
      groups: z.array(z.strictObject({ id: z.string(), repos: z.array(z.string()) })),
    });
    const result = parseYamlDocument(text, 'groups.yaml', schema);
    expect(result.ok ? [] : result.diagnostics.map(formatDiagnostic)).toEqual([
      `groups.yaml:23:23 groups[21].repos: aliases here expand the document by more than the ${MAX_ALIAS_EXPANSION.toLocaleString('en')} values allowed; write the values out or use fewer aliases`,
    ]);
  });

  test('refuses nested aliases that multiply, and an alias inside the node it names', () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [name, previous] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
    ]) {
      laughs.push(`${name}: &${name} [${Array.from({ length: 10 }, () => `*${previous}`).join(', ')}]`);
    }
    const nested = parseYamlDocument(laughs.join('\n'), 'laughs.yaml', z.unknown());
    expect(nested.ok ? [] : nested.diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(/^laughs\.yaml:5:\d+ e\[\d+\]: aliases here expand the document by more than/),
    ]);
    const cycle = parseYamlDocument('a: &x [1, *x]\n', 'cycle.yaml', z.unknown());
    expect(cycle.ok ? [] : cycle.diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(/^cycle\.yaml:1:11 a\[1\]: aliases here expand/),
    ]);
  });

  test('expands anchors shared by a few keys as written', () => {
    const text = 'defaults: &d { window: 12w, min: 3 }\nlevels:\n  - *d\n  - *d\n';
    expect(parseYamlDocument(text, 'x.yaml', z.unknown())).toEqual({
      ok: true,
      value: {
        defaults: { window: '12w', min: 3 },
        levels: [
          { window: '12w', min: 3 },
          { window: '12w', min: 3 },
        ],
      },
    });
  });

  test('never throws, whatever the text', () => {
    for (const text of [
      '[',
      '{a: *b}',
      '- - -',
      '\t\tname: x',
      'a: &x [*x]',
      '%YAML 9\n---\n',
      '---\na: 1\n---\nb: 2\n',
    ]) {
      const result = parseYamlDocument(text, 'ladder.yaml', ladderSchema);
      expect(result.ok).toBe(false);
    }
  });
});
