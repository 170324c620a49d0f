/**
 * Writes a set of positive integers compactly as ascending ranges, `1-5,9,12-40`, so a cursor can
 * hold thousands of issue numbers in a few bytes. Duplicates and order of the input do not matter.
 */
export function toNumberRanges(numbers: Iterable<number>): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  let index = 0;
  while (index < sorted.length) {
    const start = sorted[index]!;
    let end = start;
    while (index + 1 < sorted.length && sorted[index + 1] === end + 1) {
      index += 1;
      end = sorted[index]!;
    }
    parts.push(start === end ? String(start) : `${start}-${end}`);
    index += 1;
  }
  return parts.join(',');
}

/**
 * Reads what {@link toNumberRanges} wrote. Parts that are not a number or a range (`x`, `5-2`)
 * are skipped, so a damaged cursor loses only those numbers.
 */
export function fromNumberRanges(text: string): number[] {
  const numbers: number[] = [];
  for (const part of text.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (match === null) continue;
    const start = Number(match[1]);
    const end = match[2] === undefined ? start : Number(match[2]);
    if (end < start || end - start > 10_000_000) continue;
    for (let number = start; number <= end; number += 1) numbers.push(number);
  }
  return numbers;
}
