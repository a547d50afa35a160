import { Command } from 'commander';
import { registerGamesCommand } from './commands/games.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerStartCommand } from './commands/start.ts';

/** The `coplay` program: each command lives in its own file under commands/. */
export function buildProgram(): Command {
  const program = new Command('coplay')
    .description('Coplay: which multiplayer game should the group play tonight?')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text) });
  registerImportCommand(program);
  registerGamesCommand(program);
  registerStartCommand(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
