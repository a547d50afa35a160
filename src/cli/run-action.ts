import { isCoplayError } from '../errors.ts';

/**
 * Wraps a command action so that any failure ends the process with one readable line and a non-zero
 * exit code (2 for bad input, 1 otherwise) instead of a stack trace. COPLAY_DEBUG=1 shows the stack.
 */
export function runAction<A extends unknown[]>(
  action: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      if (isCoplayError(error)) {
        process.stderr.write(`coplay: ${error.message} [${error.code}]\n`);
        process.exitCode = error.status >= 400 && error.status < 500 ? 2 : 1;
      } else {
        const message = error instanceof Error ? error.message : String(error);
        process.stderr.write(`coplay: unexpected error: ${message}\n`);
        process.exitCode = 1;
      }
      if (process.env.COPLAY_DEBUG === '1' && error instanceof Error)
        process.stderr.write(`${error.stack}\n`);
    }
  };
}
