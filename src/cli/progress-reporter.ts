import cliProgress from 'cli-progress';
import type { ProgressReporter } from '../pipeline/progress-reporter.ts';

/**
 * A bar per phase on a terminal; plain "phase: n/total" lines otherwise (CI logs, pipes), so that output
 * stays readable where carriage returns are not.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (!stream.isTTY) {
    return {
      start: (phase, total) => stream.write(`${phase}: ${total === undefined ? 'started' : `0/${total}`}\n`),
      advance: () => {},
      finish: (phase, done) => stream.write(`${phase}: done (${done})\n`),
      log: (message) => stream.write(`${message}\n`),
    };
  }
  let bar: cliProgress.SingleBar | undefined;
  return {
    start(phase, total) {
      bar = new cliProgress.SingleBar(
        {
          format: `${phase.padEnd(24)} [{bar}] {value}/{total}`,
          stream,
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total ?? 0, 0);
    },
    advance(n) {
      bar?.increment(n);
    },
    finish(_phase, done) {
      if (bar) {
        bar.setTotal(Math.max(done, bar.getTotal()));
        bar.update(done);
        bar.stop();
      }
      bar = undefined;
    },
    log(message) {
      stream.write(`${message}\n`);
    },
  };
}
