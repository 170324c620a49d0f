import { describe, expect, test } from 'vitest';
import { formatCsv, formatTable } from './format-table.ts';

describe('formatTable', () => {
  test('aligns columns to their widest cell and right-aligns numbers', () => {
    const text = formatTable(
      [
        { login: 'alice', points: 1200 },
        { login: 'bo', points: 7 },
      ],
      [
        { header: 'login', cell: (row) => row.login },
        { header: 'points', cell: (row) => String(row.points), align: 'right' },
      ],
    );
    expect(text.split('\n')).toEqual(['login  points', 'alice    1200', 'bo          7']);
  });
});

describe('formatCsv', () => {
  test('quotes fields holding commas, quotes or newlines', () => {
    expect(
      formatCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          ['plain', 3],
        ],
      ),
    ).toBe('a,b\n"x,y","say ""hi"""\nplain,3');
  });
});
