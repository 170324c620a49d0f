import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type CsvEvent, parseCsvRecords } from './parse-csv-records.ts';

async function parse(chunks: string | readonly string[], maxFieldLength?: number): Promise<CsvEvent[]> {
  const events: CsvEvent[] = [];
  const input = typeof chunks === 'string' ? [chunks] : chunks;
  for await (const event of parseCsvRecords(input, { maxFieldLength })) events.push(event);
  return events;
}

function record(line: number, ...fields: string[]): CsvEvent {
  return { kind: 'record', line, fields };
}

describe('parseCsvRecords', () => {
  test('splits fields on commas and records on line ends, numbering the lines', async () => {
    expect(await parse('a,b,c\n1,2,3\n')).toEqual([record(1, 'a', 'b', 'c'), record(2, '1', '2', '3')]);
  });

  test('keeps commas, doubled quotes and line breaks inside quoted fields, and numbers records by their first line', async () => {
    const text = 'title,notes\n"Call, weekly","she said ""hi""\nand left"\nnext,"x"\n';
    expect(await parse(text)).toEqual([
      record(1, 'title', 'notes'),
      record(2, 'Call, weekly', 'she said "hi"\nand left'),
      record(4, 'next', 'x'),
    ]);
  });

  test('reads CRLF and lone CR line ends as one line each, keeping CRLF inside quotes', async () => {
    expect(await parse('a,b\r\n"1\r\n2",3\r\n4,5\r6,7')).toEqual([
      record(1, 'a', 'b'),
      record(2, '1\r\n2', '3'),
      record(4, '4', '5'),
      record(5, '6', '7'),
    ]);
  });

  test('drops a leading byte order mark', async () => {
    expect(await parse('\uFEFFkind,date\nx,y')).toEqual([record(1, 'kind', 'date'), record(2, 'x', 'y')]);
  });

  test('yields an empty line as a record with one empty field, and a last line without a line end', async () => {
    expect(await parse('a\n\nb')).toEqual([record(1, 'a'), record(2, ''), record(3, 'b')]);
  });

  test('keeps empty fields, including a trailing one', async () => {
    expect(await parse('a,,\n,"",b\n')).toEqual([record(1, 'a', '', ''), record(2, '', '', 'b')]);
  });

  test('drops spaces around a quoted field but keeps them in an unquoted one', async () => {
    expect(await parse('a, "b, c" ,  d \n')).toEqual([record(1, 'a', 'b, c', '  d ')]);
  });

  test('reports text after a closing quote at the record, and goes on with the next line', async () => {
    expect(await parse('a,"b"c,d\ne,f\n')).toEqual([
      {
        kind: 'error',
        line: 1,
        message: 'unexpected "c" after a closing quote; quote the whole field and double any quote inside it',
      },
      record(2, 'e', 'f'),
    ]);
  });

  test('reports a quote that is never closed at the line its record starts on', async () => {
    expect(await parse('a,b\nc,"d\ne,f\n')).toEqual([
      record(1, 'a', 'b'),
      { kind: 'error', line: 2, message: 'a quoted field starts here and is never closed' },
    ]);
  });

  test('stops at a quoted field longer than the limit instead of holding the rest of the file', async () => {
    const events = await parse(['a\n"', 'x'.repeat(50), '\n'.repeat(10)], 20);
    expect(events).toEqual([
      record(1, 'a'),
      {
        kind: 'error',
        line: 2,
        message: 'a quoted field longer than 20 characters starts here; is a closing quote missing?',
      },
    ]);
  });

  test('reads any records back, with their lines, however the text is split into chunks', async () => {
    const fieldText = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r', 'é', '\t') });
    const records = fc.array(fc.array(fieldText, { minLength: 1, maxLength: 4 }), {
      minLength: 1,
      maxLength: 6,
    });
    await fc.assert(
      fc.asyncProperty(
        records,
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (rows, eol, cuts) => {
          const quote = (field: string): string =>
            /[",\r\n]/.test(field) || /^[ \t]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
          // A lone empty field would be a blank line on its own; quoting keeps it a record.
          const lines = rows.map((fields) =>
            fields.length === 1 && fields[0] === '' ? '""' : fields.map(quote).join(','),
          );
          const text = lines.join(eol);
          let line = 1;
          const expected = rows.map((fields, index) => {
            const event = record(line, ...fields);
            line += (lines[index]?.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
            return event;
          });
          const positions = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...positions].map((start, index) =>
            text.slice(start, positions[index] ?? text.length),
          );
          expect(await parse(chunks)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
