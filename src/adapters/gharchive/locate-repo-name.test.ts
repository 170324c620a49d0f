import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { locateRepoName } from './locate-repo-name.ts';

const locate = (line: string): number => {
  const bytes = Buffer.from(line);
  return locateRepoName(bytes, 0, bytes.length);
};

/** The JSON text that starts where `locate` points, to compare with the name it should find. */
const textAt = (line: string, at: number): string =>
  Buffer.from(line)
    .subarray(at - 1)
    .toString();

describe('locateRepoName', () => {
  test('finds the top-level repo name of a real GH Archive line after id, type and actor', () => {
    const line =
      '{"id":"2549961030","type":"IssueCommentEvent","actor":{"id":3824616,"login":"joostdevries"},' +
      '"repo":{"id":7876204,"name":"emberjs/ember-inspector","url":"https://x"},"payload":{}}';
    expect(textAt(line, locate(line))).toMatch(/^"emberjs\/ember-inspector",/);
  });

  test('passes over nested repo objects, strings that look like keys and escaped quotes', () => {
    const line = JSON.stringify({
      actor: { login: 'x', repo: { name: 'decoy/one' }, note: '"repo":{"name":"decoy/two"}' },
      payload: [{ repo: { name: 'decoy/three' } }, 'a \\"quoted\\" }]{[ string', 12.5e3, true, null],
      repo: { id: 1, owner: { name: 'decoy/four' }, name: 'real/name' },
    });
    expect(textAt(line, locate(line))).toMatch(/^"real\/name"/);
  });

  test('reads JSON written with spaces and line breaks', () => {
    const line = JSON.stringify(
      { id: '1', payload: { a: [1, { b: 2 }] }, repo: { id: 3, name: 'a/b' } },
      null,
      2,
    );
    expect(textAt(line, locate(line))).toMatch(/^"a\/b"/);
  });

  test('finds nothing where the bytes do not plainly show a top-level repo name string', () => {
    for (const line of [
      '',
      'not json',
      '[{"repo":{"name":"a/b"}}]',
      '{"id":"1","type":"PushEvent"}',
      '{"payload":{"repo":{"name":"a/b"}}}',
      '{"repo":"a/b"}',
      '{"repo":{"id":1}}',
      '{"repo":{"name":null}}',
      '{"re\\u0070o":{"name":"a/b"}}',
      '{"repo":{"n\\u0061me":"a/b"}}',
      '{"id":"1","actor":{"login":"x"',
      '{"id":"1" "repo":{"name":"a/b"}}',
    ]) {
      expect(locate(line), line).toBe(-1);
    }
  });

  test('stays within the given range of bytes', () => {
    const bytes = Buffer.from('{"id":1,"repo":{"name":"a/b"}}\n{"repo":{"name":"c/d"}}');
    expect(locateRepoName(bytes, 0, 10)).toBe(-1);
    const second = bytes.indexOf(0x0a) + 1;
    expect(bytes.subarray(locateRepoName(bytes, second, bytes.length)).toString()).toBe('c/d"}}');
  });

  test('finds the repo name of any JSON object, wherever the member stands and whatever surrounds it', () => {
    const member = fc.tuple(
      fc.string().filter((key) => key !== 'repo'),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(
        fc.array(member, { maxLength: 6 }),
        fc.array(member, { maxLength: 3 }),
        fc.string(),
        fc.nat(6),
        fc.boolean(),
        (members, repoMembers, name, position, spaced) => {
          const repo = Object.fromEntries([...repoMembers.filter(([key]) => key !== 'name'), ['name', name]]);
          const entries = members.filter(
            ([key], index) => members.findIndex(([other]) => other === key) === index,
          );
          entries.splice(Math.min(position, entries.length), 0, ['repo', repo]);
          const event = Object.fromEntries(entries);
          const line = spaced ? JSON.stringify(event, null, 1) : JSON.stringify(event);
          const at = locate(line);
          expect(at).toBeGreaterThan(0);
          expect(textAt(line, at).startsWith(JSON.stringify(name))).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
