/** One CSV record with the physical line it starts on, or a located problem with the text. */
export type CsvEvent =
  | { readonly kind: 'record'; readonly line: number; readonly fields: readonly string[] }
  | { readonly kind: 'error'; readonly line: number; readonly message: string };

/** Options of {@link parseCsvRecords}. */
export interface ParseCsvOptions {
  /** A quoted field longer than this stops parsing: an unclosed quote would otherwise swallow the file. */
  readonly maxFieldLength?: number;
}

type State = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted' | 'afterQuoted' | 'skipLine';

/**
 * Parses CSV text (RFC 4180) as it arrives, chunk by chunk: comma-separated fields, fields in
 * double quotes holding commas, doubled quotes and line breaks, CRLF, LF or CR line ends, and a
 * leading byte order mark. Spaces around a quoted field are dropped; a stray quote inside an
 * unquoted field is kept as text. Text after a closing quote is an error for that record (the rest
 * of its line is skipped); an unclosed quote is an error at the line its record starts on. Each
 * record is yielded with that line; an empty line is a record with one empty field.
 */
export async function* parseCsvRecords(
  chunks: AsyncIterable<string> | Iterable<string>,
  options: ParseCsvOptions = {},
): AsyncGenerator<CsvEvent> {
  const maxFieldLength = options.maxFieldLength ?? 1024 * 1024;
  let state: State = 'fieldStart';
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let skipError = '';
  let afterCarriageReturn = false;
  let first = true;

  const endRecord = (): CsvEvent => {
    fields.push(field);
    const event: CsvEvent = { kind: 'record', line: recordLine, fields };
    fields = [];
    field = '';
    return event;
  };

  for await (const chunk of chunks) {
    let index = 0;
    if (first && chunk.length > 0) {
      first = false;
      if (chunk.charCodeAt(0) === 0xfeff) index = 1;
    }
    for (; index < chunk.length; index += 1) {
      const char = chunk[index] as string;
      // A LF right after a CR ends the same line.
      if (afterCarriageReturn) {
        afterCarriageReturn = false;
        if (char === '\n') {
          if (state === 'quoted') field += char;
          continue;
        }
      }
      const isLineEnd = char === '\n' || char === '\r';
      if (isLineEnd) afterCarriageReturn = char === '\r';

      switch (state) {
        case 'fieldStart':
          if (char === '"') {
            field = '';
            state = 'quoted';
          } else if (char === ',') {
            fields.push(field);
            field = '';
          } else if (isLineEnd) {
            yield endRecord();
          } else {
            field += char;
            if (char !== ' ' && char !== '\t') state = 'unquoted';
          }
          break;
        case 'unquoted':
          if (char === ',') {
            fields.push(field);
            field = '';
            state = 'fieldStart';
          } else if (isLineEnd) {
            yield endRecord();
            state = 'fieldStart';
          } else {
            field += char;
          }
          break;
        case 'quoted':
          if (char === '"') {
            state = 'quoteInQuoted';
          } else {
            field += char;
            if (field.length > maxFieldLength) {
              yield {
                kind: 'error',
                line: recordLine,
                message: `a quoted field longer than ${maxFieldLength} characters starts here; is a closing quote missing?`,
              };
              return;
            }
          }
          break;
        case 'quoteInQuoted':
        case 'afterQuoted':
          if (state === 'quoteInQuoted' && char === '"') {
            // A doubled quote inside a quoted field stands for one quote.
            field += '"';
            state = 'quoted';
          } else if (char === ',') {
            fields.push(field);
            field = '';
            state = 'fieldStart';
          } else if (isLineEnd) {
            yield endRecord();
            state = 'fieldStart';
          } else if (char === ' ' || char === '\t') {
            state = 'afterQuoted';
          } else {
            skipError = `unexpected ${JSON.stringify(char)} after a closing quote; quote the whole field and double any quote inside it`;
            state = 'skipLine';
          }
          break;
        case 'skipLine':
          if (isLineEnd) {
            yield { kind: 'error', line: recordLine, message: skipError };
            fields = [];
            field = '';
            state = 'fieldStart';
          }
          break;
      }

      if (isLineEnd) {
        line += 1;
        if (state === 'fieldStart' && fields.length === 0 && field === '') recordLine = line;
      }
    }
  }

  switch (state) {
    case 'quoted':
      yield { kind: 'error', line: recordLine, message: 'a quoted field starts here and is never closed' };
      return;
    case 'skipLine':
      yield { kind: 'error', line: recordLine, message: skipError };
      return;
    case 'fieldStart':
      // The input ended with a line end (or was empty): no record is open.
      if (fields.length === 0 && field === '') return;
      yield endRecord();
      return;
    default:
      yield endRecord();
  }
}
