import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoplayError } from '../../src/errors.ts';
import type { TaskOutput } from '../../src/pipeline/pipeline-dag.ts';
import { publish } from '../../src/pipeline/steps/publish.ts';
import { TEST_DIALECTS, useTestStore } from '../store/test-stores.ts';
import { smallSettings, tempArtifacts } from './pipeline-fixture.ts';

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: publish makes live only the version the gate judged`, () => {
    const store = useTestStore(dialect);
    let temp: ReturnType<typeof tempArtifacts>;
    beforeAll(() => {
      temp = tempArtifacts();
    });
    afterAll(() => temp.cleanup());

    const publishWith = (train: string, gate: TaskOutput, runId: number) =>
      publish({
        store: store(),
        artifacts: temp.artifacts,
        settings: smallSettings(),
        runId,
        inputs: { train: { version: train }, gate },
        log: () => undefined,
      });
    const register = async (...versions: string[]) => {
      for (const version of versions)
        await store().modelVersions.insert({
          version,
          algorithm: 'ease',
          manifest: {},
          metrics: {},
          checksum: 'x',
          artifact: new Uint8Array([1]),
        });
    };

    it('refuses a train version other than the judged one, or a gate result naming none', async () => {
      await register('v-judged', 'v-retrained');
      const runId = await store().pipelineRuns.createRun({ trigger: 'test', tasks: ['publish'] });
      // Train ran again after evaluate (a copy that outlived its job): its newer candidate was never judged.
      const judged = { pass: true, reason: 'ok', version: 'v-judged' };
      const mismatch = await publishWith('v-retrained', judged, runId).catch((e: unknown) => e);
      expect((mismatch as CoplayError).code).toBe('INVALID_INPUT');
      expect((mismatch as CoplayError).message).toBe(
        'the gate judged v-judged, but train registered v-retrained: run the pipeline again from evaluate',
      );
      const unnamed = await publishWith('v-retrained', { pass: true, reason: 'ok' }, runId).catch(
        (e: unknown) => e,
      );
      expect((unnamed as CoplayError).code).toBe('INVALID_INPUT');
      expect(await store().modelVersions.getLive()).toBeUndefined();

      const published = await publishWith(
        'v-judged',
        { pass: true, reason: 'ok', version: 'v-judged' },
        runId,
      );
      expect(published.output.version).toBe('v-judged');
      expect((await store().modelVersions.getLive())?.version).toBe('v-judged');
    });

    it('publishes nothing for a run that is no longer running (a copy of publish that outlived its job)', async () => {
      await register('v-old', 'v-new');
      const old = await store().pipelineRuns.createRun({ trigger: 'schedule', tasks: ['publish'] });
      await store().pipelineRuns.finishRunningRun(old, { status: 'succeeded' });
      const newer = await store().pipelineRuns.createRun({ trigger: 'schedule', tasks: ['publish'] });
      await publishWith('v-new', { pass: true, reason: 'ok', version: 'v-new' }, newer);
      const late = await publishWith('v-old', { pass: true, reason: 'ok', version: 'v-old' }, old).catch(
        (e: unknown) => e,
      );
      expect((late as CoplayError).message).toBe(
        `pipeline run ${old} is no longer running, so it publishes nothing (a late copy of its publish task)`,
      );
      expect((await store().modelVersions.getLive())?.version).toBe('v-new');
    });
  });
}
