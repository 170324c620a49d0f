import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createGhArchiveFilterMatcher, isKeepAllFilter } from './gharchive-filter.ts';

const mayKeep = (filter: { orgs: string[]; repos: string[] }, line: string): boolean => {
  const bytes = Buffer.from(line);
  return createGhArchiveFilterMatcher(filter).mayKeepLine(bytes, 0, bytes.length);
};

describe('createGhArchiveFilterMatcher', () => {
  test('keeps a repo of a listed org or a listed repo, whatever the case', () => {
    const { isKept } = createGhArchiveFilterMatcher({ orgs: ['kubernetes'], repos: ['etcd-io/etcd'] });
    expect(isKept('kubernetes/kubernetes')).toBe(true);
    expect(isKept('Kubernetes/Website')).toBe(true);
    expect(isKept('ETCD-io/Etcd')).toBe(true);
    expect(isKept('etcd-io/bbolt')).toBe(false);
    expect(isKept('kubernetes-sigs/kind')).toBe(false);
    expect(isKept('kubernetes')).toBe(false);
  });

  test('does not take an org that is a prefix of another for that org', () => {
    const { isKept } = createGhArchiveFilterMatcher({ orgs: ['kube'], repos: ['kube/x'] });
    expect(isKept('kubernetes/x')).toBe(false);
    expect(isKept('kube/x')).toBe(true);
    expect(mayKeep({ orgs: ['kube'], repos: [] }, '{"repo":{"name":"kubernetes/x"}}')).toBe(false);
    expect(mayKeep({ orgs: [], repos: ['kube/x'] }, '{"repo":{"name":"kube/xy"}}')).toBe(false);
  });

  test('reads a repo name written with spaces or upper case, and parses one written with escapes', () => {
    const filter = { orgs: ['kubernetes'], repos: ['etcd-io/etcd'] };
    expect(mayKeep(filter, '{"repo": {"id": 1, "name" :  "Kubernetes/x"}}')).toBe(true);
    expect(mayKeep(filter, '{"repo": {"id": 1, "name" :  "Kubernetes-sigs/x"}}')).toBe(false);
    expect(mayKeep(filter, '{"repo":{"name":"ETCD-IO/ETCD"}}')).toBe(true);
    expect(mayKeep(filter, '{"repo":{"name":"etcd-io/etcd-x"}}')).toBe(false);
    expect(mayKeep(filter, '{"repo":{"name":"someone\\/x"}}')).toBe(true);
    expect(mayKeep(filter, '{"repo":{"name":"etcd-io/\\u0065tcd"}}')).toBe(true);
  });

  test('parses lines whose repo name cannot be read from their bytes, so they are reported', () => {
    const filter = { orgs: ['kubernetes'], repos: [] };
    for (const line of ['not json', '{"id":"1"}', '{"repo":"kubernetes/x"}', '{"id":"1","repo":{"na']) {
      expect(mayKeep(filter, line), line).toBe(true);
    }
  });

  test('treats an absent filter or two empty lists as keeping everything', () => {
    expect(isKeepAllFilter(undefined)).toBe(true);
    expect(isKeepAllFilter({ orgs: [], repos: [] })).toBe(true);
    expect(isKeepAllFilter({ orgs: ['x'], repos: [] })).toBe(false);
    expect(isKeepAllFilter({ orgs: [], repos: ['x/y'] })).toBe(false);
  });

  test('decides a plainly written line exactly as the parsed test, and parses any other kept line', () => {
    // A small alphabet makes owners collide, differ only by case, and be prefixes of one another.
    const segment = fc.string({
      unit: fc.constantFrom('a', 'B', 'k', 'K', '-', '.', '\u00e9', '\u212a'),
      minLength: 1,
      maxLength: 4,
    });
    const repoName = fc.tuple(segment, segment).map(([owner, name]) => `${owner}/${name}`);
    const lower = (names: string[]) => names.map((name) => name.toLowerCase());
    fc.assert(
      fc.property(
        fc.record({
          orgs: fc.array(segment, { maxLength: 3 }).map(lower),
          repos: fc.array(repoName, { maxLength: 3 }).map(lower),
          name: fc.oneof(repoName, segment),
          decoys: fc.array(repoName, { maxLength: 2 }),
          repoFirst: fc.boolean(),
          spaced: fc.boolean(),
          escapedSlashes: fc.boolean(),
        }),
        ({ orgs, repos, name, decoys, repoFirst, spaced, escapedSlashes }) => {
          const repo = { id: 2, name, url: `https://api.github.com/repos/${name}` };
          const rest = {
            id: '1',
            type: 'PushEvent',
            actor: { login: 'someone', name: decoys[0] ?? 'x', repo: { name: decoys[1] ?? 'y' } },
            payload: { commits: decoys.map((author) => ({ author: { name: author } })) },
          };
          const event = repoFirst ? { repo, ...rest } : { ...rest, repo };
          let line = JSON.stringify(event, null, spaced ? 1 : undefined).replaceAll('\n', ' ');
          if (escapedSlashes) line = line.replaceAll('/', '\\/');
          const matcher = createGhArchiveFilterMatcher({ orgs, repos });
          const bytes = Buffer.from(line);
          const mayKeepLine = matcher.mayKeepLine(bytes, 0, bytes.length);
          if (escapedSlashes && name.includes('/')) expect(mayKeepLine).toBe(true);
          else expect(mayKeepLine).toBe(matcher.isKept(name));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
