import { Command } from 'commander';
import { registerEvaluateCommand } from './commands/evaluate.ts';
import { registerGamesCommand } from './commands/games.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerModelCommand } from './commands/model.ts';
import { registerPipelineCommand } from './commands/pipeline.ts';
import { registerRecommendCommand } from './commands/recommend.ts';
import { registerStartCommand } from './commands/start.ts';
import { registerTrainCommand } from './commands/train.ts';
import { registerTuneCommand } from './commands/tune.ts';
import { registerWorkerCommand } from './commands/worker.ts';

/** The `coplay` program: each command lives in its own file under commands/. */
export function buildProgram(): Command {
  const program = new Command('coplay')
    .description('Coplay: which multiplayer game should the group play tonight?')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text) });
  registerImportCommand(program);
  registerGamesCommand(program);
  registerTrainCommand(program);
  registerRecommendCommand(program);
  registerStartCommand(program);
  registerEvaluateCommand(program);
  registerTuneCommand(program);
  registerPipelineCommand(program);
  registerModelCommand(program);
  registerWorkerCommand(program);
  registerMigrateCommand(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
