import { describe, expect, test } from 'vitest';
import { createFileProgress, createProgress } from './progress.ts';

function plainOutput() {
  const lines: string[] = [];
  let clock = 0;
  return {
    lines,
    advance: (ms: number) => {
      clock += ms;
    },
    output: { isTerminal: false, writeLine: (line: string) => lines.push(line), now: () => clock },
  };
}

describe('progress without a terminal', () => {
  test('an import prints a plain line every 10 s while inputs keep coming, and none for a short run', () => {
    const plain = plainOutput();
    const progress = createProgress('webhooks', undefined, plain.output);
    progress.update(1000);
    plain.advance(9_000);
    progress.update(2000);
    expect(plain.lines).toEqual([]);
    plain.advance(1_000);
    progress.update(3000);
    plain.advance(5_000);
    progress.update(4000);
    progress.stop();
    expect(plain.lines).toEqual(['webhooks: 3,000 inputs, 300/s, 10 s']);
  });

  test('a file import prints a line at each file end, with files done, events, rate and time left', () => {
    const plain = plainOutput();
    const progress = createFileProgress('gharchive', 4, plain.output);
    plain.advance(20_000);
    progress.fileDone(1, 40_000, '2025-01-01-0 imported: 10 records, 10 new');
    plain.advance(5_000);
    progress.update(1, 50_000);
    plain.advance(5_000);
    progress.update(1, 60_000);
    expect(plain.lines).toEqual([
      'gharchive 1/4 files, 40,000 events, 2,000/s, eta 1 min 00 s; 2025-01-01-0 imported: 10 records, 10 new',
      'gharchive 1/4 files, 60,000 events, 2,000/s, eta 1 min 30 s',
    ]);
  });
});
