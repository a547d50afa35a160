import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { seedPipelineStore } from './pipeline-fixture.ts';

const BIN = join(import.meta.dirname, '../../bin/coplay.js');
const run = promisify(execFile);

describe('coplay pipeline and coplay model (real processes, tuned configuration, small data)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coplay-cli-'));
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite:${join(dir, 'coplay.db')}`,
    ARTIFACT_DIR: join(dir, 'models'),
    // No dataset files: ingest trains on what the store holds.
    DATA_DIR: join(dir, 'no-data'),
    STEAM_API_KEY: '',
    PIPELINE_MODE: 'embedded',
  };
  const coplay = async (...args: string[]) => {
    try {
      const { stdout } = await run(process.execPath, [BIN, ...args], { env, cwd: dir });
      return { stdout, code: 0 };
    } catch (error) {
      const failed = error as { stdout: string; stderr: string; code: number };
      return { stdout: `${failed.stdout}${failed.stderr}`, code: failed.code };
    }
  };

  beforeAll(async () => {
    const store = await openStore(env.DATABASE_URL);
    await seedPipelineStore(store);
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every task printing its outcome, publishes an equal model on unchanged data, lists and rolls back', async () => {
    const first = await coplay('pipeline', 'run');
    expect(first.code).toBe(0);
    for (const task of ['ingest', 'validate', 'train', 'evaluate', 'gate', 'publish'])
      expect(first.stdout).toMatch(new RegExp(`^  ${task} +succeeded `, 'm'));
    const v1 = /live (\S+) \(was none\)/.exec(first.stdout)?.[1];
    expect(v1).toBeDefined();

    const second = await coplay('pipeline', 'run');
    expect(second.stdout).toMatch(/gate +succeeded .*pass: candidate mean group NDCG (\S+) vs live \1 /);
    const v2 = new RegExp(`live (\\S+) \\(was ${v1}\\)`).exec(second.stdout)?.[1];
    expect(v2).toBeDefined();

    const list = await coplay('model', 'list');
    expect(list.stdout.split('\n')[0]).toMatch(new RegExp(`^\\* ${v2} +ease +published `));
    expect(list.stdout.split('\n')[1]).toMatch(new RegExp(`^  ${v1} +ease +retired `));

    expect((await coplay('model', 'rollback')).stdout).toContain(`live model: ${v1} (was ${v2})`);
    const status = await coplay('pipeline', 'status');
    expect(status.stdout).toMatch(/^run 2 \(cli\) succeeded/m);
    expect(status.stdout).toMatch(/^ {2}publish +succeeded /m);
    expect(status.stdout).toContain(`live model: ${v1}`);

    const bad = await coplay('pipeline', 'run', '--only', 'deploy');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('--only: unknown task "deploy"');
  }, 30_000);
});
