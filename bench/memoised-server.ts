/**
 * The API server with the group engine's answers memoised: what a recommendation costs to serve apart from
 * the engine (parsing and checking the body, presenting the games, checking and writing the reply). The group
 * benchmark runs it beside the real server (`node --import tsx bench/memoised-server.ts`, the same environment
 * as `coplay start`) to show how much of the 2 cores' budget serving alone takes. Not a server to deploy: a
 * group's first request runs the engine, every later request of the same libraries gets that answer again.
 */
import { prepareServing } from '../src/cli/prepare-serving.ts';
import { loadConfig } from '../src/config.ts';
import { recommendGroup, type GroupQuery, type GroupResult } from '../src/group/recommend-group.ts';
import { loadLiveModel } from '../src/pipeline/load-model.ts';
import { buildApp } from '../src/server/build-app.ts';
import { ModelRegistry } from '../src/server/model-registry.ts';
import { ArtifactFiles } from '../src/store/artifact-files.ts';
import { openStore } from '../src/store/open-store.ts';

/**
 * A key for the members' libraries, cheap next to the engine (a hash of every game and playtime, in order):
 * strategy, filters and limit are left out, as the benchmark sends the same ones with every group. Two groups
 * that collided would share an answer, which only this benchmark would see.
 */
function librariesKey(query: GroupQuery): string {
  return query.members
    .map((member) => {
      let hash = 0x811c9dc5;
      for (const game of member.games) {
        hash = Math.imul(hash ^ game.appid, 0x01000193);
        hash = Math.imul(hash ^ game.playtimeMinutes, 0x01000193);
      }
      return `${member.games.length}:${hash >>> 0}`;
    })
    .join('|');
}

const config = loadConfig(process.env);
const store = await openStore(config.DATABASE_URL);
const live = await loadLiveModel(store, new ArtifactFiles(config.ARTIFACT_DIR));
if (!live) throw new Error('no live model: run `npx coplay import && npx coplay train` first');
const answers = new Map<string, GroupResult>();
const models = new ModelRegistry({
  info: live.info,
  run: (query) => {
    const key = librariesKey(query);
    let answer = answers.get(key);
    if (answer === undefined) answers.set(key, (answer = recommendGroup(live.groupModel, query)));
    return Promise.resolve(answer);
  },
});
// What `coplay start` does to a process about to serve, and the app options it takes from the settings.
const app = await buildApp({
  ...prepareServing(config),
  store,
  models,
  ...(config.METRICS_ENABLED ? {} : { metrics: false as const }),
});
const close = (): void => {
  void app
    .close()
    .then(() => store.close())
    .finally(() => process.exit(0));
};
process.once('SIGTERM', close);
process.once('SIGINT', close);
await app.listen({ port: config.PORT, host: config.HOST });
