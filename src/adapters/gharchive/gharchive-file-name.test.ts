import { describe, expect, test } from 'vitest';
import { parseGhArchiveFileName } from './gharchive-file-name.ts';

describe('parseGhArchiveFileName', () => {
  test('reads the hour a standard hour file starts at, as an ISO UTC time', () => {
    expect(parseGhArchiveFileName('2015-02-01-0.json.gz')).toEqual({ hour: '2015-02-01T00:00:00Z' });
    expect(parseGhArchiveFileName('2024-12-31-23.json.gz')).toEqual({ hour: '2024-12-31T23:00:00Z' });
    expect(parseGhArchiveFileName('2016-02-29-7.json.gz')).toEqual({ hour: '2016-02-29T07:00:00Z' });
  });

  test('ignores the directory part of a path', () => {
    expect(parseGhArchiveFileName('/data/gharchive/2015-02-01-15.json.gz')).toEqual({
      hour: '2015-02-01T15:00:00Z',
    });
    expect(parseGhArchiveFileName('C:\\archive\\2015-02-01-15.json.gz')).toEqual({
      hour: '2015-02-01T15:00:00Z',
    });
  });

  test('accepts a zero-padded hour and a decompressed hour file', () => {
    expect(parseGhArchiveFileName('2015-02-01-05.json.gz')).toEqual({ hour: '2015-02-01T05:00:00Z' });
    expect(parseGhArchiveFileName('2015-02-01-5.json')).toEqual({ hour: '2015-02-01T05:00:00Z' });
  });

  test('rejects names that are not hour files', () => {
    for (const name of [
      'events.json.gz',
      '2015-02-01.json.gz',
      '2015-2-01-1.json.gz',
      '2015-02-01-1.jsonl',
      '2015-02-01-1.json.gz.part',
      'x2015-02-01-1.json.gz',
      '2015-02-01-123.json.gz',
    ]) {
      expect(parseGhArchiveFileName(name), name).toBeNull();
    }
  });

  test('rejects hours and dates that do not exist', () => {
    for (const name of [
      '2015-02-01-24.json.gz',
      '2015-02-29-1.json.gz',
      '2015-02-30-1.json.gz',
      '2015-13-01-1.json.gz',
      '2015-00-10-1.json.gz',
      '2015-04-31-1.json.gz',
    ]) {
      expect(parseGhArchiveFileName(name), name).toBeNull();
    }
  });

  test('orders hour files by time when sorted by their hour', () => {
    const names = ['2015-02-01-10.json.gz', '2015-02-01-9.json.gz', '2015-01-31-23.json.gz'];
    const sorted = [...names].sort((a, b) =>
      parseGhArchiveFileName(a)!.hour.localeCompare(parseGhArchiveFileName(b)!.hour),
    );
    expect(sorted).toEqual(['2015-01-31-23.json.gz', '2015-02-01-9.json.gz', '2015-02-01-10.json.gz']);
  });
});
