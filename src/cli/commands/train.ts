import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { CoplayError } from '../../errors.ts';
import { ALGORITHMS, DEFAULT_MODEL_CONFIG, isAlgorithm } from '../../model/trainers.ts';
import { trainModel, type TrainOutcome } from '../../pipeline/train-model.ts';
import type { ProgressListener } from '../../model/recommender.ts';
import { ArtifactFiles } from '../../store/artifact-files.ts';
import type { Store } from '../../store/store.ts';
import type { Config } from '../../config.ts';
import { withStore } from '../cli-context.ts';
import { runAction } from '../run-action.ts';

/** A bar of iterations with the loss on a terminal; one line per step elsewhere. */
function trainingProgress(stream: NodeJS.WriteStream = process.stderr): {
  listener: ProgressListener;
  stop(): void;
} {
  let bar: cliProgress.SingleBar | undefined;
  let last = performance.now();
  const listener: ProgressListener = ({ step, total, loss, message }) => {
    const now = performance.now();
    const ms = now - last;
    last = now;
    const lossText = loss === undefined ? '' : ` loss ${loss.toPrecision(5)}`;
    if (!stream.isTTY) {
      stream.write(
        `iteration ${step}/${total}${lossText} ${ms.toFixed(0)} ms${message ? ` ${message}` : ''}\n`,
      );
      return;
    }
    if (!bar) {
      bar = new cliProgress.SingleBar(
        { format: 'training [{bar}] {value}/{total} {info}', stream },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { info: '' });
    }
    bar.update(step, { info: `${lossText} ${ms.toFixed(0)} ms/iter` });
  };
  return { listener, stop: () => bar?.stop() };
}

/** Trains the configured (or given) algorithm and reports what it wrote; shared by `train` and `start`. */
export async function trainAndReport(
  store: Store,
  config: Config,
  options: { algorithm?: string; publish: boolean },
): Promise<TrainOutcome> {
  const algorithm = options.algorithm ?? DEFAULT_MODEL_CONFIG.algorithm;
  if (!isAlgorithm(algorithm)) {
    throw new CoplayError(
      'INVALID_INPUT',
      `unknown algorithm "${algorithm}"; choose one of ${ALGORITHMS.join(', ')}`,
    );
  }
  if ((await store.interactions.countRows()) === 0) {
    throw new CoplayError('NOT_ENOUGH_DATA', 'no interactions to train on: run "coplay import" first');
  }
  const progress = trainingProgress();
  try {
    const outcome = await trainModel(store, new ArtifactFiles(config.ARTIFACT_DIR), DEFAULT_MODEL_CONFIG, {
      algorithm,
      onProgress: progress.listener,
      publish: options.publish,
      storeArtifactInDatabase: store.dialect === 'postgres',
    });
    progress.stop();
    process.stdout.write(
      [
        `trained ${outcome.algorithm} on ${outcome.users} users × ${outcome.items} games (${outcome.nnz} interactions) in ${outcome.fitSeconds.toFixed(2)} s`,
        `version   ${outcome.version}${outcome.published ? ' (live)' : ''}`,
        `artifact  ${outcome.artifactPath} (${(outcome.artifactBytes / 1e6).toFixed(1)} MB)`,
      ].join('\n') + '\n',
    );
    return outcome;
  } finally {
    progress.stop();
  }
}

export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('Train a model on the imported data and register it as a new version')
    .option('-a, --algorithm <name>', `one of ${ALGORITHMS.join(', ')} (default: the tuned configuration's)`)
    .option('--no-publish', 'register the version without making it live')
    .action(
      runAction(async (options: { algorithm?: string; publish: boolean }) => {
        await withStore((store, config) => trainAndReport(store, config, options).then(() => undefined));
      }),
    );
}
