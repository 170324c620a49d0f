import { describe, expect, test } from 'vitest';
import { DEFAULT_SQLITE_PATH, describeStorage, readConfig } from './config.ts';

describe('readConfig', () => {
  test('uses the default SQLite file when nothing is configured', () => {
    expect(readConfig({}, {})).toEqual({
      storage: { kind: 'sqlite', path: DEFAULT_SQLITE_PATH },
      webhookSecret: null,
      botsFile: null,
      gharchiveBaseUrl: null,
    });
  });

  test('takes the bot list from --bots, then RUNGS_BOTS, else the shipped one', () => {
    expect(readConfig({ bots: 'flag.yaml' }, { RUNGS_BOTS: 'env.yaml' }).botsFile).toBe('flag.yaml');
    expect(readConfig({}, { RUNGS_BOTS: 'env.yaml' }).botsFile).toBe('env.yaml');
    expect(readConfig({}, { RUNGS_BOTS: '' }).botsFile).toBeNull();
  });

  test('prefers --db over RUNGS_DB over DATABASE_URL', () => {
    const env = { RUNGS_DB: 'env.db', DATABASE_URL: 'postgres://u@h/db' };
    expect(readConfig({ db: 'flag.db' }, env).storage).toEqual({ kind: 'sqlite', path: 'flag.db' });
    expect(readConfig({}, env).storage).toEqual({ kind: 'sqlite', path: 'env.db' });
    expect(readConfig({}, { DATABASE_URL: 'postgres://u@h/db' }).storage).toEqual({
      kind: 'postgres',
      url: 'postgres://u@h/db',
    });
  });

  test('reads the webhook secret once, treating an empty one as none', () => {
    expect(readConfig({}, { RUNGS_WEBHOOK_SECRET: 's3cret' }).webhookSecret).toBe('s3cret');
    expect(readConfig({}, { RUNGS_WEBHOOK_SECRET: '' }).webhookSecret).toBeNull();
  });

  test('reads the GH Archive base URL once, treating an empty one as none', () => {
    expect(readConfig({}, { RUNGS_GHARCHIVE_URL: 'http://127.0.0.1:9/' }).gharchiveBaseUrl).toBe(
      'http://127.0.0.1:9/',
    );
    expect(readConfig({}, { RUNGS_GHARCHIVE_URL: '' }).gharchiveBaseUrl).toBeNull();
  });

  test('never shows a password when describing PostgreSQL storage', () => {
    const text = describeStorage({ kind: 'postgres', url: 'postgresql://me:secret@db.example:6543/rungs' });
    expect(text).toBe('PostgreSQL db.example:6543/rungs');
    expect(text).not.toContain('secret');
  });
});
