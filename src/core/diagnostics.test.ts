import { describe, expect, test } from 'vitest';
import { compareDiagnostics, formatDiagnostic, formatKeyPath } from './diagnostics.ts';

describe('formatDiagnostic', () => {
  test('writes file, line, column, key path and message on one line', () => {
    const line = formatDiagnostic({
      file: 'ladder.yaml',
      line: 14,
      column: 7,
      path: 'levels[2].requires[0].points.min',
      message: 'expected a number, got "lots"',
    });
    expect(line).toBe('ladder.yaml:14:7 levels[2].requires[0].points.min: expected a number, got "lots"');
  });

  test('leaves the path out for a problem with the whole file', () => {
    expect(formatDiagnostic({ file: 'x.yaml', line: 1, column: 1, path: '', message: 'bad' })).toBe(
      'x.yaml:1:1 bad',
    );
  });
});

describe('formatKeyPath', () => {
  test('joins keys with dots and writes list positions in brackets', () => {
    expect(formatKeyPath(['levels', 2, 'requires', 0, 'points', 'min'])).toBe(
      'levels[2].requires[0].points.min',
    );
  });

  test('quotes keys that are not plain words', () => {
    expect(formatKeyPath(['deny', 'dependabot[bot]', 'x y'])).toBe('deny["dependabot[bot]"]["x y"]');
  });
});

describe('compareDiagnostics', () => {
  test('orders by line then column', () => {
    const at = (line: number, column: number) => ({ file: 'a', line, column, path: '', message: '' });
    expect([at(3, 1), at(1, 9), at(1, 2)].sort(compareDiagnostics)).toEqual([at(1, 2), at(1, 9), at(3, 1)]);
  });
});
