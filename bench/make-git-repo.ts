import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';

/**
 * Creates (once) a bare git repository with `commits` commits on main, a tenth of them merges of
 * pull requests from forks and a tenth squash merges `(#N)`, written through `git fast-import` so
 * a repository of 100k commits takes seconds. Deterministic: the same count gives the same history.
 */
export async function makeGitRepo(path: string, commits: number): Promise<string> {
  if (existsSync(`${path}/HEAD`)) return path;
  await mkdir(path, { recursive: true });
  await run('git', ['init', '--bare', '-q', '-b', 'main', path]);
  const child = spawn('git', ['-C', path, 'fast-import', '--quiet'], {
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`git fast-import exited ${code}`)),
    );
  });
  const authors = Array.from({ length: 200 }, (_, index) => `dev${index} <dev${index}@example.org>`);
  const start = Date.UTC(2024, 0, 1) / 1000;
  let mark = 0;
  let mainMark = 0;
  let chunk = '';
  const write = async (text: string): Promise<void> => {
    chunk += text;
    if (chunk.length > 1 << 20) {
      if (!child.stdin.write(chunk)) await new Promise((resolve) => child.stdin.once('drain', resolve));
      chunk = '';
    }
  };
  const commit = async (ref: string, author: string, time: number, message: string, parents: number[]) => {
    mark += 1;
    const body = `${message}\n`;
    const file = `file ${mark % 500}\n`;
    await write(
      `commit ${ref}\nmark :${mark}\nauthor ${author} ${time} +0000\ncommitter ${author} ${time} +0000\n` +
        `data ${Buffer.byteLength(body)}\n${body}` +
        (parents[0] ? `from :${parents[0]}\n` : '') +
        parents
          .slice(1)
          .map((parent) => `merge :${parent}\n`)
          .join('') +
        `M 644 inline src/${mark % 97}.txt\ndata ${Buffer.byteLength(file)}\n${file}\n`,
    );
    return mark;
  };
  for (let index = 0; index < commits; index += 1) {
    const author = authors[(index * 7919) % authors.length]!;
    const time = start + index * 600;
    if (index % 10 === 5 && mainMark !== 0) {
      const login = `dev${(index * 31) % authors.length}`;
      const branch = await commit(
        'refs/heads/topic',
        `${login} <${login}@example.org>`,
        time - 300,
        `Work for #${index}`,
        [mainMark],
      );
      mainMark = await commit(
        'refs/heads/main',
        author,
        time,
        `Merge pull request #${index} from ${login}/topic`,
        [mainMark, branch],
      );
      index += 1;
    } else if (index % 10 === 7) {
      mainMark = await commit(
        'refs/heads/main',
        author,
        time,
        `Fix thing ${index} (#${index})`,
        mainMark ? [mainMark] : [],
      );
    } else {
      mainMark = await commit('refs/heads/main', author, time, `Change ${index}`, mainMark ? [mainMark] : []);
    }
  }
  child.stdin.end(chunk);
  await done;
  return path;
}

/** Runs a command to completion, rejecting with its exit code. */
export function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited ${code}`))));
  });
}
