import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isBeforeUtcTime, type ParsedUtcTime, parseUtcTime } from './parse-utc-time.ts';

function secondOf(text: string): string {
  const parsed = parseUtcTime(text);
  if (parsed.kind !== 'time') throw new Error(parsed.message);
  return parsed.second;
}

function messageOf(text: string): string {
  const parsed = parseUtcTime(text);
  return parsed.kind === 'invalid' ? parsed.message : `read as ${parsed.second}`;
}

describe('parseUtcTime', () => {
  test.each([
    ['GitHub REST and webhooks', '2024-05-01T12:00:00Z', '2024-05-01T12:00:00Z'],
    ['GH Archive 2015, five fraction digits', '2015-02-01T00:00:00.00001Z', '2015-02-01T00:00:00Z'],
    ['GH Archive 2015, three fraction digits', '2015-02-01T00:00:00.001Z', '2015-02-01T00:00:00Z'],
    ['nanoseconds', '2015-02-01T00:00:59.999999999Z', '2015-02-01T00:00:59Z'],
    ['a comma as decimal sign (ISO 8601)', '2015-02-01T00:00:59,5Z', '2015-02-01T00:00:59Z'],
    ['a positive offset', '2024-05-01T12:00:00+05:00', '2024-05-01T07:00:00Z'],
    ['a negative offset that crosses midnight', '2015-01-31T16:04:57-08:00', '2015-02-01T00:04:57Z'],
    ['a half-hour offset', '2024-05-01T12:00:00+05:30', '2024-05-01T06:30:00Z'],
    ['an offset without colon', '2024-05-01T12:00:00-0800', '2024-05-01T20:00:00Z'],
    ['an offset of whole hours', '2024-05-01T12:00:00+02', '2024-05-01T10:00:00Z'],
    ['+00:00 and -00:00', '2024-05-01T12:00:00-00:00', '2024-05-01T12:00:00Z'],
    ["git's %aI", '2005-04-07T22:13:13+02:00', '2005-04-07T20:13:13Z'],
    ["git's %ai", '2005-04-07 22:13:13 +0200', '2005-04-07T20:13:13Z'],
    ['lower-case t and z', '2024-05-01t12:00:00z', '2024-05-01T12:00:00Z'],
    ['a space for T (RFC 3339)', '2024-05-01 12:00:00Z', '2024-05-01T12:00:00Z'],
    ['minutes without seconds', '2024-05-01T12:00Z', '2024-05-01T12:00:00Z'],
    ['a leap day', '2024-02-29T12:00:00Z', '2024-02-29T12:00:00Z'],
    ['a leap second, kept in its minute', '2016-12-31T23:59:60Z', '2016-12-31T23:59:59Z'],
    ['an offset that crosses a year', '2025-01-01T01:00:00+02:00', '2024-12-31T23:00:00Z'],
    ['the year 0000 (proleptic Gregorian)', '0000-01-01T00:00:00Z', '0000-01-01T00:00:00Z'],
    ['a two-digit year written with four digits', '0050-03-01T00:00:00Z', '0050-03-01T00:00:00Z'],
    ['the last second of 9999', '9999-12-31T23:59:59Z', '9999-12-31T23:59:59Z'],
  ])('reads %s', (_shape, text, second) => {
    expect(secondOf(text)).toBe(second);
  });

  test.each([
    ['2024-02-30T10:00:00Z', '2024-02 has no day 30'],
    ['2023-02-29T10:00:00Z', '2023-02 has no day 29'],
    ['1900-02-29T10:00:00Z', '1900-02 has no day 29'],
    ['2024-04-31T10:00:00.5+02:00', '2024-04 has no day 31'],
    ['2024-13-01T10:00:00Z', 'there is no month 13'],
    ['2024-00-01T10:00:00Z', 'there is no month 00'],
    ['2024-05-00T10:00:00Z', '2024-05 has no day 00'],
    ['2024-05-01T24:00:00Z', 'there is no hour 24'],
    ['2024-05-01T12:60:00Z', 'there is no minute 60'],
    ['2024-05-01T12:00:61Z', 'there is no second 61'],
    ['2024-05-01T12:00:60Z', 'there is no second 60 at 12:00'],
    ['2024-05-01T12:00:00+24:00', 'UTC offset +24:00 is not real'],
    ['2024-05-01T12:00:00', 'it has no Z or UTC offset'],
    ['2024-05-01', 'it is a date without a time of day'],
    ['+10000-01-01T00:00:00Z', 'outside the years 0000 to 9999'],
    ['0000-01-01T00:30:00+01:00', 'outside the years 0000 to 9999'],
    ['9999-12-31T23:59:59-00:01', 'outside the years 0000 to 9999'],
    ['', 'it is empty'],
    ['Sun Feb 1 00:00:00 2015', 'not an RFC 3339 date-time'],
    ['2015-02-01T00:00:00.Z', 'not an RFC 3339 date-time'],
    ['2015-02-01T00:00:00.abcZ', 'not an RFC 3339 date-time'],
    ['2015-02-01T00:00:00Z\u0000', 'not an RFC 3339 date-time'],
    ['1422748800', 'not an RFC 3339 date-time'],
  ])('refuses %j: %s', (text, why) => {
    const message = messageOf(text);
    expect(message).toContain(why);
    expect(message).toContain('expected a time like 2024-05-01T12:00:00Z, got ');
  });

  test('shortens a long input in its message', () => {
    expect(messageOf(`2024-05-01T12:00:00Z${'x'.repeat(10_000)}`).length).toBeLessThan(200);
  });

  const instants = fc.date({
    min: new Date('0001-01-02T00:00:00Z'),
    max: new Date('9999-12-30T00:00:00Z'),
    noInvalidDate: true,
  });
  const offsets = fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 });
  const fractions = fc.stringMatching(/^\d{1,12}$/);

  test('reads any instant written with any offset and fraction as the UTC second of that instant', () => {
    fc.assert(
      fc.property(instants, offsets, fc.option(fractions, { nil: undefined }), (date, offset, fraction) => {
        const ms = Math.floor(date.getTime() / 1000) * 1000;
        const text = writeWithOffset(ms, offset, fraction);
        const parsed = parseUtcTime(text);
        expect(parsed).toEqual({
          kind: 'time',
          second: `${new Date(ms).toISOString().slice(0, 19)}Z`,
          epochSecondMs: ms,
          fraction: (fraction ?? '').replace(/0+$/, ''),
        });
      }),
    );
  });

  test('gives the stored form back unchanged, and agrees with Date.parse on it', () => {
    fc.assert(
      fc.property(instants, (date) => {
        const text = `${date.toISOString().slice(0, 19)}Z`;
        expect(parseUtcTime(text)).toMatchObject({ second: text, epochSecondMs: Date.parse(text) });
      }),
    );
  });

  test('orders times by instant, fractions included, whatever the offset they were written in', () => {
    fc.assert(
      fc.property(
        instants,
        fractions,
        fractions,
        offsets,
        offsets,
        (date, fractionA, fractionB, offsetA, offsetB) => {
          const ms = Math.floor(date.getTime() / 1000) * 1000;
          const a = timeOf(writeWithOffset(ms, offsetA, fractionA));
          const b = timeOf(writeWithOffset(ms, offsetB, fractionB));
          // Twelve digits at most: a double compares them exactly.
          expect(isBeforeUtcTime(a, b)).toBe(Number(`0.${fractionA}`) < Number(`0.${fractionB}`));
          expect(isBeforeUtcTime(b, a)).toBe(Number(`0.${fractionB}`) < Number(`0.${fractionA}`));
        },
      ),
    );
    expect(isBeforeUtcTime(timeOf('2015-02-01T00:00:00.00001Z'), timeOf('2015-02-01T00:00:00.001Z'))).toBe(
      true,
    );
    expect(isBeforeUtcTime(timeOf('2015-02-01T00:00:00.001Z'), timeOf('2015-02-01T00:00:00.00001Z'))).toBe(
      false,
    );
    expect(isBeforeUtcTime(timeOf('2015-02-01T00:00:00.9Z'), timeOf('2015-02-01T00:00:01Z'))).toBe(true);
  });

  test('never throws, and reads nothing that is not a date-time', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const parsed = parseUtcTime(text);
        if (parsed.kind === 'time') expect(text).toMatch(/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}/);
      }),
    );
  });
});

function timeOf(text: string): Extract<ParsedUtcTime, { kind: 'time' }> {
  const parsed = parseUtcTime(text);
  if (parsed.kind !== 'time') throw new Error(parsed.message);
  return parsed;
}

/** `ms` written as local time at `offsetMinutes` east of UTC, e.g. `2024-05-01T14:00:00.5+02:00`. */
function writeWithOffset(ms: number, offsetMinutes: number, fraction: string | undefined): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local}${fraction === undefined ? '' : `.${fraction}`}${offsetMinutes === 0 ? 'Z' : offset}`;
}
