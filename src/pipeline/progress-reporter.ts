/** Where long-running steps report progress; the CLI draws bars, tests and workers collect lines. */
export interface ProgressReporter {
  start(phase: string, total?: number): void;
  advance(n: number): void;
  finish(phase: string, done: number): void;
  log(message: string): void;
}

/** A reporter that keeps only log lines, for tests and background runs. */
export function collectingProgress(lines: string[] = []): ProgressReporter & { lines: string[] } {
  return {
    lines,
    start: () => {},
    advance: () => {},
    finish: () => {},
    log: (message) => lines.push(message),
  };
}
