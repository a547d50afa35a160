import {
  MAX_MEMBERS,
  MIN_MEMBERS,
  type RecommendationRequest,
  type RecommendationResponse,
} from '../contract/recommendations.ts';
import { CoplayError } from '../errors.ts';
import type { MemberResolver } from './member-resolver.ts';
import { runGroup, type ModelRegistry } from './model-registry.ts';
import { capsuleImageUrl, presentPlayers, storeUrl } from './present-game.ts';

/** Hears how long the engine took (members already resolved), for the metrics. */
export type EngineTimeObserver = (seconds: number, strategy: string, groupSize: number) => void;

/**
 * A validated request in, the API's response out: resolve members, run the one recommendation path, and
 * present it. The HTTP route and `coplay recommend` both call this, so they answer the same.
 */
export async function recommendForRequest(
  models: Pick<ModelRegistry, 'current'>,
  members: MemberResolver,
  request: RecommendationRequest,
  onEngineTime?: EngineTimeObserver,
  /** The caller gave up (the client went away): the members' Steam calls are given up too. */
  signal?: AbortSignal,
): Promise<RecommendationResponse> {
  if (request.members.length < MIN_MEMBERS || request.members.length > MAX_MEMBERS) {
    throw new CoplayError(
      'GROUP_SIZE_OUT_OF_RANGE',
      `A group has ${MIN_MEMBERS} to ${MAX_MEMBERS} members; this one has ${request.members.length}`,
    );
  }
  // Asked first so that, with no model, the answer is MODEL_NOT_READY at once, without calling Steam.
  models.current();
  const resolved = await members.resolveAll(request.members, signal);
  // Taken again once the members are resolved, which takes seconds when Steam is slow: a version swapped out
  // meanwhile has been released (engine threads drop it), so the request runs on the one live now.
  const served = models.current();
  const started = performance.now();
  const result = await runGroup(served, {
    members: resolved.map((m) => ({ label: m.label, games: m.games })),
    ...(request.strategy ? { strategy: request.strategy } : {}),
    filters: request.filters,
    limit: request.limit,
  });
  onEngineTime?.((performance.now() - started) / 1000, result.strategy, resolved.length);
  return {
    model: served.info,
    strategy: result.strategy,
    members: result.members.map((m, i) => {
      const r = resolved[i];
      return {
        label: m.label,
        gameCount: m.gameCount,
        knownGameCount: m.knownGameCount,
        ...(r?.steamId ? { steamId: r.steamId } : {}),
        ...(r?.avatarUrl ? { avatarUrl: r.avatarUrl } : {}),
        ...(r?.stale ? { stale: true } : {}),
      };
    }),
    items: result.items.map((item) => ({
      appid: item.appid,
      name: item.game.name,
      score: item.score,
      members: item.members,
      modes: item.game.multiplayer.modes,
      players: presentPlayers(item.game),
      platforms: item.game.platforms,
      price: item.game.priceGbp,
      genres: item.game.genres,
      tags: item.game.tags.slice(0, 8),
      releaseDate: item.game.releaseDate,
      storeUrl: storeUrl(item.appid),
      imageUrl: capsuleImageUrl(item.appid),
      reasons: item.reasons,
    })),
  };
}
