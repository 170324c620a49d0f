import { describe, expect, test } from 'vitest';
import {
  fromSyncCursorName,
  parseEventsCursor,
  parseListingCursor,
  parseOrgCursor,
  toCursorValue,
  toSyncCursorName,
} from './sync-cursor.ts';

describe('sync cursors', () => {
  test('names a repository resource and reads the name back, whatever the repository is called', () => {
    const name = toSyncCursorName('octo-org/my_repo.js', 'review_comments');
    expect(name).toBe('sync:octo-org/my_repo.js:review_comments');
    expect(fromSyncCursorName(name)).toEqual({ repo: 'octo-org/my_repo.js', resource: 'review_comments' });
    expect(fromSyncCursorName('sync:octo/widgets:repository')).toEqual({
      repo: 'octo/widgets',
      resource: 'repository',
    });
  });

  test('reads names it did not write as no sync cursor', () => {
    expect(fromSyncCursorName('git:octo/widgets')).toBeNull();
    expect(fromSyncCursorName('sync:octo/widgets:stars')).toBeNull();
    expect(fromSyncCursorName('sync::issues')).toBeNull();
  });

  test('a listing cursor round-trips through its stored text', () => {
    const cursor = {
      since: '2024-03-01T10:00:00Z',
      page: 3,
      etag: 'W/"abc"',
      upTo: '2024-03-01T10:00:00Z',
      complete: false,
      seen: 250,
      at: '2024-06-01T00:00:00Z',
    };
    expect(parseListingCursor(toCursorValue(cursor))).toEqual(cursor);
  });

  test('a missing or damaged cursor reads as a listing from the beginning', () => {
    const fresh = { since: null, page: 1, etag: null, upTo: null, complete: false, seen: 0, at: null };
    expect(parseListingCursor(null)).toEqual(fresh);
    expect(parseListingCursor('{not json')).toEqual(fresh);
    expect(parseListingCursor('{"page":-2,"seen":"many","since":42}')).toEqual(fresh);
  });

  test('an events cursor keeps a pass under way only when it names its top event and next page', () => {
    const under = parseEventsCursor(
      '{"newest":10,"pending":{"top":25,"topAt":"2024-03-01T10:00:00Z","page":3}}',
    );
    expect(under.pending).toEqual({ top: 25, topAt: '2024-03-01T10:00:00Z', page: 3 });
    expect(parseEventsCursor('{"newest":10,"pending":{"page":3}}').pending).toBeNull();
  });

  test('an org cursor without a repository list reads as never listed', () => {
    expect(parseOrgCursor('{"etag":"W/\\"x\\""}')).toBeNull();
    expect(parseOrgCursor('{"etag":null,"repositories":[{"name":"o/a","archived":true},{"bad":1}]}')).toEqual(
      {
        etag: null,
        repositories: [{ name: 'o/a', archived: true }],
      },
    );
  });
});
