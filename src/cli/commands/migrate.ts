import type { Command } from 'commander';
import { isCoplayError } from '../../errors.ts';
import { openStore } from '../../store/open-store.ts';
import { cliConfig } from '../cli-context.ts';
import { runAction } from '../run-action.ts';

/**
 * `coplay migrate`: applies pending migrations and exits, so a deployment can migrate once (a Job, a
 * one-shot compose service) before any server or worker starts. Every other command migrates on open too,
 * which keeps `npm start` a one-step start; this one only exists to put that step first.
 */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description(
      'Create or upgrade the database tables, then exit (every other command also does it on open)',
    )
    .action(
      runAction(async () => {
        const config = cliConfig();
        try {
          const store = await openStore(config.DATABASE_URL, { migrate: false });
          try {
            const applied = await store.migrate();
            process.stdout.write(
              applied.length === 0
                ? `${store.dialect}: database schema is up to date\n`
                : `${store.dialect}: applied ${applied.length} migration(s): ${applied.join(', ')}\n`,
            );
          } finally {
            await store.close();
          }
        } catch (error) {
          if (isCoplayError(error)) throw error;
          // A refused connection or a failed migration is not a bug in Coplay, so it gets a plain line rather
          // than runAction's "unexpected error"; the message never includes the URL (it may hold a password).
          const message = error instanceof Error ? error.message : String(error);
          process.stderr.write(`coplay: database migration failed: ${message.split('\n')[0]}\n`);
          process.exitCode = 1;
        }
      }),
    );
}
