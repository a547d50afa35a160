import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/coplay.js');
const run = promisify(execFile);

/** `coplay recommend` refuses bad input in one line and exit code 2, before it opens any database. */
describe('coplay recommend with bad input (real process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coplay-recommend-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const coplay = async (...args: string[]) => {
    try {
      await run(process.execPath, [BIN, ...args], {
        cwd: dir,
        env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'never-opened.db')}` },
      });
      return { stderr: '', code: 0 };
    } catch (error) {
      const failed = error as { stderr: string; code: number };
      return { stderr: failed.stderr, code: failed.code };
    }
  };
  const membersFile = (members: unknown): string => {
    const path = join(dir, `members-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(members));
    return path;
  };
  const group = [{ sampleUser: '2' }, { name: 'A', games: [{ appid: 1.5 }] }];

  it('says what is wrong inside a member that nearly fits a form', async () => {
    const { stderr, code } = await coplay('recommend', '--members', membersFile(group));
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/members\.1\.games\.0\.appid: expected an integer \[INVALID_INPUT\]/);
  });

  it('names the strategies when --strategy is not one', async () => {
    const good = membersFile([{ sampleUser: '2' }, { sampleUser: '3' }]);
    const { stderr, code } = await coplay('recommend', '--members', good, '--strategy', 'nope');
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      'coplay: --strategy nope: not a strategy; use one of average, least_misery, average_without_misery, fair [INVALID_INPUT]',
    );
  });
});
