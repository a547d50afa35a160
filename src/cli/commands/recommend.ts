import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  RecommendationRequestSchema,
  StrategySchema,
  type RecommendationResponse,
} from '../../contract/recommendations.ts';
import { CoplayError } from '../../errors.ts';
import { loadLiveModel } from '../../pipeline/load-model.ts';
import { MemberResolver } from '../../server/member-resolver.ts';
import { ModelRegistry } from '../../server/model-registry.ts';
import { recommendForRequest } from '../../server/recommend-for-request.ts';
import { explainIssue } from '../../server/explain-issue.ts';
import { ArtifactFiles } from '../../store/artifact-files.ts';
import { withStore } from '../cli-context.ts';
import { composeSteamClient } from '../compose-steam.ts';
import { runAction } from '../run-action.ts';

interface RecommendOptions {
  members: string;
  strategy?: string;
  limit?: string;
  ownership?: string;
  json?: boolean;
}

/** Reads a members file: either a list of members or a whole request body as the API takes it. */
async function readRequest(path: string, options: RecommendOptions) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CoplayError('INVALID_INPUT', `cannot read ${path}: ${(error as Error).message}`);
  }
  const body = (Array.isArray(parsed) ? { members: parsed } : parsed) as Record<string, unknown>;
  if (options.strategy !== undefined) {
    const strategy = StrategySchema.safeParse(options.strategy);
    if (!strategy.success)
      throw new CoplayError(
        'INVALID_INPUT',
        `--strategy ${options.strategy}: not a strategy; use one of ${StrategySchema.options.join(', ')}`,
      );
    body.strategy = strategy.data;
  }
  if (options.limit !== undefined) body.limit = Number(options.limit);
  if (options.ownership !== undefined)
    body.filters = { ...(body.filters as object), ownership: options.ownership };
  const request = RecommendationRequestSchema.safeParse(body);
  if (!request.success) {
    // Told as the API tells it: a member that nearly fits a form gets what is wrong in it.
    const first = request.error.issues[0];
    const issue = first ? explainIssue(first, body) : undefined;
    throw new CoplayError(
      'INVALID_INPUT',
      `${path}: ${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'not a valid request'}`,
    );
  }
  return request.data;
}

/** The answer as a readable table: one game per block with each member's fit. */
export function formatRecommendations(response: RecommendationResponse): string {
  const lines = [
    `model ${response.model.version} (${response.model.algorithm}), strategy ${response.strategy}`,
  ];
  response.items.forEach((item, rank) => {
    const price =
      item.price === null ? 'price unknown' : item.price === 0 ? 'free' : `£${item.price.toFixed(2)}`;
    lines.push(
      `${String(rank + 1).padStart(2)}. ${item.name} (${item.appid}) — ${item.modes.join(', ') || 'multiplayer'} — ${price}`,
    );
    item.members.forEach((m, i) => {
      const label = response.members[i]?.label ?? `member ${i + 1}`;
      const hours = m.playtimeMinutes === null ? '' : `, ${(m.playtimeMinutes / 60).toFixed(1)} h played`;
      lines.push(`      ${label.padEnd(16)} fit ${m.fit.toFixed(2)}${m.owns ? ` owns it${hours}` : ''}`);
    });
    for (const reason of item.reasons) lines.push(`      · ${reason.text}`);
  });
  return lines.join('\n');
}

export function registerRecommendCommand(program: Command): void {
  program
    .command('recommend')
    .description('Recommend games for a group, exactly as POST /api/v1/recommendations does')
    .requiredOption('-m, --members <file>', 'JSON file: a list of members, or a whole request body')
    .option('-s, --strategy <name>', 'fair, average, least_misery or average_without_misery')
    .option('-n, --limit <n>', 'how many games')
    .option('-o, --ownership <rule>', 'any, all (play now), none (discover) or some')
    .option('--json', 'print the API response as JSON')
    .action(
      runAction(async (options: RecommendOptions) => {
        const request = await readRequest(options.members, options);
        const response = await withStore(async (store, config) => {
          const live = await loadLiveModel(store, new ArtifactFiles(config.ARTIFACT_DIR));
          const models = new ModelRegistry(live);
          return recommendForRequest(
            models,
            new MemberResolver(store, composeSteamClient(config, store, { use: 'requests' })),
            request,
          );
        });
        process.stdout.write(
          `${options.json ? JSON.stringify(response, null, 2) : formatRecommendations(response)}\n`,
        );
      }),
    );
}
