import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openStore } from '../../src/store/open-store.ts';
import { buildTestApp, type TestApp } from '../server/test-app.ts';
import { createTestDatabase, TEST_POSTGRES_URL } from '../store/test-stores.ts';
import {
  coplaySubcommands,
  interpolateCompose,
  k8sManifestFiles,
  readCompose,
  readDockerfileStages,
  readK8sObjects,
  readKustomization,
  ROOT,
  type Container,
  type K8sObject,
  type PodSpec,
} from './deploy-files.ts';

/**
 * The deployment files (Dockerfile, compose.yaml, deploy/k8s) checked against the real code: config keys,
 * routes, ports, subcommands, files. Docker and Kubernetes do not run here, so this is what can be tested.
 */

const BIN = join(ROOT, 'bin/coplay.js');
const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
};
const IMAGE = `coplay:${pkg.version}`;

/** Variables the files set that Coplay's config does not read, and why. */
const NOT_COPLAY_CONFIG: Record<string, string> = {
  NODE_ENV: 'set in the Dockerfile for libraries; Coplay reads none of its behaviour from it',
  NODE_OPTIONS:
    "set in the Dockerfile for V8 (a 4 MB young generation); Node reads it, Coplay's config does not",
};

/** A child process's outcome; execFile rejects on a non-zero exit, which these tests want to look at. */
async function coplay(
  args: string[],
  env: Record<string, string>,
  cwd = ROOT,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** TEST_POSTGRES_URL with every connection's search_path set to `schema`, the way an operator would pin one. */
function urlWithSchema(schema: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

async function tablesIn(schema: string): Promise<string[]> {
  const admin = await openStore(TEST_POSTGRES_URL, { migrate: false });
  try {
    const { rows } = await sql<{ name: string }>`
      select table_name as name from information_schema.tables where table_schema = ${schema} order by 1`.execute(
      admin.db,
    );
    return rows.map((row) => row.name);
  } finally {
    await admin.close();
  }
}

async function createSchema(schema: string): Promise<void> {
  const admin = await openStore(TEST_POSTGRES_URL, { migrate: false });
  try {
    await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  } finally {
    await admin.close();
  }
}

const compose = readCompose();
const k8s = readK8sObjects().map(({ object }) => object);
const byKind = (kind: string): K8sObject[] => k8s.filter((object) => object.kind === kind);
const podSpecs = (): { owner: string; spec: PodSpec }[] =>
  k8s
    .filter((object) => object.spec?.template !== undefined)
    .map((object) => ({
      owner: `${object.kind}/${object.metadata.name}`,
      spec: (object.spec?.template as { spec: PodSpec }).spec,
    }));
const allContainers = (spec: PodSpec): Container[] => [...(spec.initContainers ?? []), ...spec.containers];
const isCoplayService = (name: string): boolean => compose.services[name]?.image === IMAGE;
const configMap = (): K8sObject => {
  const [map] = byKind('ConfigMap');
  if (!map?.data) throw new Error('no ConfigMap with data in deploy/k8s');
  return map;
};
const secret = (): K8sObject => {
  const [found] = byKind('Secret');
  if (!found?.stringData) throw new Error('no Secret with stringData in deploy/k8s');
  return found;
};
const servesHttp = (command: string[] | undefined): boolean =>
  coplaySubcommands(command ?? []).includes('start');
const apiDeployment = (): K8sObject => {
  const found = byKind('Deployment').filter((d) =>
    d.spec?.template?.spec.containers.some((c) => servesHttp(c.command)),
  );
  expect(found).toHaveLength(1);
  return found[0] as K8sObject;
};
const runtimeStage = () => {
  const stage = readDockerfileStages().at(-1);
  if (!stage) throw new Error('the Dockerfile has no stage');
  return stage;
};
const dockerJson = (keyword: string): string[] => {
  const instruction = runtimeStage().find((i) => i.keyword === keyword);
  if (!instruction) throw new Error(`the runtime stage has no ${keyword}`);
  const json = instruction.rest.slice(instruction.rest.indexOf('['));
  return JSON.parse(json) as string[];
};
const dockerEnv = (): Record<string, string> => {
  const env: Record<string, string> = {};
  for (const instruction of runtimeStage().filter((i) => i.keyword === 'ENV'))
    for (const [, key, value] of instruction.rest.matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)) env[key] = value;
  return env;
};

/** True when `name` is a key of the config schema (unknown keys are dropped by loadConfig). */
function isConfigKey(name: string): boolean {
  if (Object.hasOwn(loadConfig({}), name)) return true;
  // Optional keys without a default (STEAM_API_KEY, ADMIN_TOKEN) only appear once given a value.
  try {
    return Object.hasOwn(loadConfig({ [name]: 'x' }), name);
  } catch {
    return false;
  }
}

/** The environment a k8s container gets: its ConfigMaps, then its own entries (Secret values as templated). */
function containerEnv(container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) Object.assign(env, configMap().data);
    if (source.secretRef) Object.assign(env, secret().stringData);
  }
  for (const entry of container.env ?? []) {
    const ref = entry.valueFrom?.secretKeyRef;
    env[entry.name] = entry.value ?? (ref ? (secret().stringData?.[ref.key] ?? '') : '');
  }
  return env;
}

describe('deploy files: structure', () => {
  it('every deploy/k8s manifest parses, names itself, and is listed in kustomization.yaml', () => {
    const files = k8sManifestFiles();
    expect(files.length).toBeGreaterThanOrEqual(9);
    expect([...readKustomization().resources].sort()).toEqual(files);
    for (const { file, object } of readK8sObjects()) {
      expect(object.apiVersion, file).toBeTruthy();
      expect(object.kind, file).toBeTruthy();
      expect(object.metadata.name, file).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    }
    const kinds = k8s.map((o) => o.kind).sort();
    for (const kind of [
      'ConfigMap',
      'Secret',
      'Job',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Service',
      'Ingress',
    ])
      expect(kinds).toContain(kind);
  });

  it('one image everywhere: coplay:<package version> in compose and every k8s container', () => {
    const images = new Set<string>();
    for (const [name, service] of Object.entries(compose.services))
      if (name !== 'postgres') images.add(String(service.image));
    for (const { spec } of podSpecs()) for (const c of allContainers(spec)) images.add(c.image);
    expect([...images]).toEqual([IMAGE]);
  });
});

describe('deploy files: environment', () => {
  it('every variable compose and the k8s workloads set is a Coplay config key or a listed exception', () => {
    const named = new Set<string>(Object.keys(dockerEnv()));
    for (const [name, service] of Object.entries(compose.services))
      if (isCoplayService(name)) for (const key of Object.keys(service.environment ?? {})) named.add(key);
    for (const key of Object.keys(configMap().data ?? {})) named.add(key);
    for (const key of Object.keys(secret().stringData ?? {})) named.add(key);
    for (const { spec } of podSpecs())
      for (const c of allContainers(spec)) for (const e of c.env ?? []) named.add(e.name);
    const unknown = [...named].filter((key) => !isConfigKey(key) && !(key in NOT_COPLAY_CONFIG));
    expect(unknown).toEqual([]);
    // The exceptions are real: each is set somewhere and none is secretly a config key.
    for (const key of Object.keys(NOT_COPLAY_CONFIG)) {
      expect(named.has(key)).toBe(true);
      expect(isConfigKey(key)).toBe(false);
    }
  });

  it('the values pass the config schema as each container would see them', () => {
    const image = dockerEnv();
    for (const [name, service] of Object.entries(compose.services)) {
      if (!isCoplayService(name)) continue;
      const env = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolateCompose(String(v))]),
      );
      const config = loadConfig({ ...image, ...env });
      expect(config.PIPELINE_MODE, name).toBe('distributed');
      expect(config.DATABASE_URL, name).toMatch(/^postgres:\/\/coplay:placeholder@postgres:5432\/coplay$/);
      expect(config.HOST, name).toBe('0.0.0.0');
    }
    for (const { owner, spec } of podSpecs()) {
      for (const c of allContainers(spec)) {
        const config = loadConfig({ ...image, ...containerEnv(c) });
        expect(config.PIPELINE_MODE, owner).toBe('distributed');
        expect(config.DATABASE_URL, owner).toMatch(/^postgres:\/\//);
      }
    }
  });

  it('secrets come from .env in compose and from the Secret in k8s, never written into the files', () => {
    const postgres = compose.services.postgres;
    expect(postgres?.environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    for (const [name, service] of Object.entries(compose.services)) {
      if (!isCoplayService(name)) continue;
      expect(service.environment?.STEAM_API_KEY, name).toBe('${STEAM_API_KEY:-}');
      expect(service.environment?.ADMIN_TOKEN, name).toBe('${ADMIN_TOKEN:-}');
      expect(service.environment?.DATABASE_URL, name).toContain(':${POSTGRES_PASSWORD:?');
    }
    for (const key of ['DATABASE_URL', 'STEAM_API_KEY', 'ADMIN_TOKEN']) {
      expect(Object.keys(configMap().data ?? {})).not.toContain(key);
      for (const { spec } of podSpecs())
        for (const c of allContainers(spec))
          for (const e of c.env ?? []) if (e.name === key) expect(e.valueFrom?.secretKeyRef?.key).toBe(key);
    }
    // An unedited template must not switch on admin routes with a token anyone can read here.
    expect(secret().stringData?.ADMIN_TOKEN).toBe('');
    expect(secret().stringData?.STEAM_API_KEY).toBe('');
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toContain('.env');
  });

  it('every Secret and ConfigMap a workload references exists, with the referenced keys', () => {
    const secrets = new Map(byKind('Secret').map((s) => [s.metadata.name, s.stringData ?? {}]));
    const maps = new Set(byKind('ConfigMap').map((m) => m.metadata.name));
    let references = 0;
    for (const { owner, spec } of podSpecs()) {
      for (const c of allContainers(spec)) {
        for (const e of c.env ?? []) {
          const ref = e.valueFrom?.secretKeyRef;
          if (!ref) continue;
          references++;
          expect(Object.keys(secrets.get(ref.name) ?? {}), `${owner} ${e.name}`).toContain(ref.key);
        }
        for (const source of c.envFrom ?? []) {
          if (source.configMapRef) expect(maps.has(source.configMapRef.name), owner).toBe(true);
          if (source.secretRef) expect(secrets.has(source.secretRef.name), owner).toBe(true);
        }
      }
    }
    expect(references).toBeGreaterThan(0);
  });
});

describe('deploy files: ports, probes and routes', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await buildTestApp('sqlite');
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('probe paths are real routes: /healthz and /readyz answer 200 on an app with a model', async () => {
    const paths = new Set<string>();
    for (const { spec } of podSpecs())
      for (const c of allContainers(spec))
        for (const probe of [c.startupProbe, c.livenessProbe, c.readinessProbe])
          if (probe?.httpGet) paths.add(probe.httpGet.path);
    expect([...paths].sort()).toEqual(['/healthz', '/readyz']);
    for (const url of paths)
      expect((await testApp.app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    const api = apiDeployment().spec?.template?.spec.containers[0];
    expect(api?.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(api?.livenessProbe?.httpGet?.path).toBe('/healthz');
  });

  it('the container port is PORT everywhere: Dockerfile, ConfigMap, containers, probes, Service, Ingress, compose', () => {
    const port = Number(dockerEnv().PORT);
    expect(loadConfig(dockerEnv()).PORT).toBe(port);
    expect(runtimeStage().find((i) => i.keyword === 'EXPOSE')?.rest).toBe(String(port));
    expect(Number(configMap().data?.PORT)).toBe(port);
    const api = apiDeployment().spec?.template?.spec.containers[0] as Container;
    const named = new Map((api.ports ?? []).map((p) => [p.name, p.containerPort]));
    expect([...named.values()]).toEqual([port]);
    for (const probe of [api.startupProbe, api.livenessProbe, api.readinessProbe]) {
      const target = probe?.httpGet?.port;
      expect(typeof target === 'number' ? target : named.get(target)).toBe(port);
    }
    const [service] = byKind('Service');
    for (const p of service?.spec?.ports ?? [])
      expect(typeof p.targetPort === 'number' ? p.targetPort : named.get(p.targetPort)).toBe(port);
    const podLabels = apiDeployment().spec?.template?.metadata?.labels ?? {};
    expect(podLabels).toMatchObject(service?.spec?.selector ?? { missing: true });
    const worker = byKind('Deployment').find((d) => d !== apiDeployment());
    expect(worker?.spec?.template?.metadata?.labels).not.toMatchObject(service?.spec?.selector ?? {});
    const servicePorts = new Set((service?.spec?.ports ?? []).flatMap((p) => [p.name, p.port]));
    for (const rule of byKind('Ingress')[0]?.spec?.rules ?? []) {
      for (const path of rule.http.paths) {
        expect(path.backend.service.name).toBe(service?.metadata.name);
        expect(servicePorts.has(path.backend.service.port.name ?? path.backend.service.port.number)).toBe(
          true,
        );
      }
    }
    for (const [name, s] of Object.entries(compose.services)) {
      if (!isCoplayService(name) || !servesHttp(s.command)) continue;
      expect(s.ports?.length, name).toBe(1);
      expect(s.ports?.[0]?.split(':').at(-1), name).toBe(String(port));
    }
  });

  it("the Dockerfile's HEALTHCHECK command passes against a live server and fails when it is gone", async () => {
    const check = dockerJson('HEALTHCHECK');
    expect(check[0]).toBe('node');
    await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = testApp.app.server.address() as { port: number };
    const probe = async () =>
      run(check[0] as string, check.slice(1), {
        env: { PATH: process.env.PATH ?? '', PORT: String(port) },
      }).then(
        () => 0,
        (error: { code: number }) => error.code,
      );
    expect(await probe()).toBe(0);
    await testApp.app.close();
    expect(await probe()).not.toBe(0);
  });
});

describe('deploy files: workloads', () => {
  it('the HPA (autoscaling/v2, CPU) scales the API Deployment, which requests CPU', () => {
    const [hpa] = byKind('HorizontalPodAutoscaler');
    expect(hpa?.apiVersion).toBe('autoscaling/v2');
    expect(hpa?.spec?.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: apiDeployment().metadata.name,
    });
    expect(hpa?.spec?.metrics?.map((m) => m.resource?.name)).toEqual(['cpu']);
    expect(hpa?.spec?.minReplicas).toBeGreaterThanOrEqual(2);
    expect(apiDeployment().spec?.template?.spec.containers[0]?.resources?.requests?.cpu).toBeTruthy();
    const [budget] = byKind('PodDisruptionBudget');
    expect(apiDeployment().spec?.template?.metadata?.labels).toMatchObject(
      budget?.spec?.selector?.matchLabels ?? { missing: true },
    );
  });

  it('every pod runs as a numeric non-root user, read-only, with resources and a writable /tmp', () => {
    for (const { owner, spec } of podSpecs()) {
      expect(spec.securityContext?.runAsNonRoot, owner).toBe(true);
      expect(spec.securityContext?.runAsUser, owner).toBeGreaterThan(0);
      for (const c of allContainers(spec)) {
        expect(c.resources?.requests?.cpu, `${owner} ${c.name}`).toBeTruthy();
        expect(c.resources?.requests?.memory, `${owner} ${c.name}`).toBeTruthy();
        expect(c.resources?.limits?.memory, `${owner} ${c.name}`).toBeTruthy();
        expect(c.securityContext?.allowPrivilegeEscalation, `${owner} ${c.name}`).toBe(false);
        expect(c.securityContext?.readOnlyRootFilesystem, `${owner} ${c.name}`).toBe(true);
        // tsx caches compiled sources under the temp folder.
        expect(
          c.volumeMounts?.map((m) => m.mountPath),
          `${owner} ${c.name}`,
        ).toContain('/tmp');
      }
    }
    // The Dockerfile's user is numeric too, so runAsNonRoot can verify it without runAsUser.
    expect(runtimeStage().find((i) => i.keyword === 'USER')?.rest).toMatch(/^[1-9]\d*(:\d+)?$/);
    for (const d of byKind('Deployment'))
      expect(d.spec?.template?.spec.terminationGracePeriodSeconds, d.metadata.name).toBeGreaterThanOrEqual(
        30,
      );
  });

  it('compose starts in order: postgres healthy → migrate → worker, bootstrap and the API replicas', () => {
    const { services } = compose;
    expect(services.postgres?.image).toMatch(/^postgres:15/);
    expect(services.postgres?.healthcheck?.test?.[0]).toBe('CMD');
    expect(services.postgres?.volumes?.[0]).toMatch(/^pgdata:/);
    expect(Object.keys(compose.volumes ?? {})).toContain('pgdata');
    expect(services.migrate?.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    const commands = Object.fromEntries(
      Object.entries(services).map(([name, s]) => [name, coplaySubcommands(s.command ?? [])]),
    );
    expect(commands.migrate).toEqual(['migrate']);
    const apis = Object.keys(services).filter((name) => servesHttp(services[name]?.command));
    expect(apis).toHaveLength(2);
    expect(Object.values(commands).filter((c) => c.includes('worker'))).toHaveLength(1);
    for (const [name, s] of Object.entries(services)) {
      if (!isCoplayService(name) || name === 'migrate') continue;
      expect(s.depends_on?.migrate, name).toEqual({ condition: 'service_completed_successfully' });
      // The image's HEALTHCHECK asks the HTTP server; a container without one must not report unhealthy.
      if (!servesHttp(s.command)) expect(s.healthcheck?.disable, name).toBe(true);
    }
  });
});

describe('deploy files: commands are real', () => {
  const commandLines = (): string[][] => {
    const lines: string[][] = [dockerJson('CMD')];
    for (const s of Object.values(compose.services)) if (s.command) lines.push(s.command);
    for (const { spec } of podSpecs())
      for (const c of allContainers(spec)) lines.push([...(c.command ?? []), ...(c.args ?? [])]);
    return lines;
  };

  it('every coplay subcommand the files run exists (`--help` exits 0 with its own usage)', async () => {
    const subcommands = new Set(commandLines().flatMap(coplaySubcommands));
    for (const expected of ['start', 'worker', 'migrate']) expect(subcommands).toContain(expected);
    const results = await Promise.all(
      [...subcommands].map(async (sub) => ({ sub, ...(await coplay([...sub.split(' '), '--help'], {})) })),
    );
    for (const { sub, code, stdout } of results) {
      expect(code, sub).toBe(0);
      expect(stdout.split('\n')[0], sub).toBe(`Usage: coplay ${sub} [options]`);
    }
  }, 60_000);

  it('the files each command names exist, and the runtime stage copies them', () => {
    const copied = runtimeStage()
      .filter((i) => i.keyword === 'COPY')
      .map((i) => i.rest.split(/\s+/).at(-1)?.replace(/^\.\//, '') ?? '');
    const cmd = dockerJson('CMD');
    expect(cmd).toEqual(['node', 'bin/coplay.js', 'start']);
    for (const line of commandLines()) {
      for (const word of line.join(' ').split(/\s+/)) {
        if (!/^[a-z][\w-]*\/[\w./-]+$/.test(word)) continue;
        expect(existsSync(join(ROOT, word)), word).toBe(true);
        expect(
          copied.some((dest) => word === dest || word.startsWith(`${dest}/`)),
          `${word} is not copied into the runtime image`,
        ).toBe(true);
      }
    }
    // start serves the built page from web/dist, which is copied from the build stage.
    expect(copied).toContain('web/dist');
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'));
    for (const needed of ['package.json', 'package-lock.json', 'bin', 'src', 'data', 'web'])
      expect(ignored, needed).not.toContain(needed);
    for (const local of ['node_modules', 'var', '.git']) expect(ignored).toContain(local);
  });

  it('runtime code imports only production dependencies (the image prunes dev dependencies)', () => {
    const files: string[] = [join(ROOT, 'bin/coplay.js')];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) files.push(path);
      }
    };
    walk(join(ROOT, 'src'));
    const missing: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      // Type-only imports are erased by tsx, so they may name dev dependencies (@types/…).
      const specifiers = [
        ...source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?\sfrom\s+'([^']+)'/gms),
        ...source.matchAll(/^import\s+'([^']+)'/gm),
        ...source.matchAll(/import\(\s*'([^']+)'\s*\)/g),
      ].map((m) => m[1] as string);
      for (const specifier of specifiers) {
        if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
        const parts = specifier.split('/');
        const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
        if (!(name in pkg.dependencies)) missing.push(`${file.slice(ROOT.length + 1)}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
    expect(files.length).toBeGreaterThan(50);
  });
});

describe('coplay migrate and the start-up order (real processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coplay-deploy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrates a fresh SQLite file in one line, then reports it up to date', async () => {
    const url = `sqlite:${join(dir, 'fresh.db')}`;
    const first = await coplay(['migrate'], { DATABASE_URL: url });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^sqlite: applied \d+ migration\(s\): 0001-init[^\n]*\n$/);
    const store = await openStore(url, { migrate: false });
    try {
      expect(await store.migrate()).toEqual([]);
      expect(await store.games.count()).toBe(0);
    } finally {
      await store.close();
    }
    const second = await coplay(['migrate'], { DATABASE_URL: url });
    expect(second).toEqual({ code: 0, stdout: 'sqlite: database schema is up to date\n', stderr: '' });
  });

  it('migrates a fresh PostgreSQL schema named by the URL (search_path) and creates the tables there', async () => {
    const database = createTestDatabase('postgres');
    const schema = String(database.options.schema);
    await createSchema(schema);
    try {
      const result = await coplay(['migrate'], { DATABASE_URL: urlWithSchema(schema) });
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/^postgres: applied \d+ migration\(s\): 0001-init[^\n]*\n$/);
      const tables = await tablesIn(schema);
      for (const table of [
        'games',
        'model_versions',
        'dataset_interactions',
        'pipeline_runs',
        'kysely_migration',
      ])
        expect(tables).toContain(table);
    } finally {
      await database.drop();
    }
  });

  it('fails with one line and a non-zero exit when the database is unreachable or the URL is unusable', async () => {
    const refused = await coplay(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/coplay' });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^coplay: database migration failed: .*ECONNREFUSED[^\n]*\n$/);
    const invalid = await coplay(['migrate'], { DATABASE_URL: 'mysql://db/coplay' });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^coplay: [^\n]*\[DATABASE_URL_INVALID\]\n$/);
  });

  it('an API server in distributed mode neither imports nor trains on an empty database (replicas cannot race)', async () => {
    const database = createTestDatabase('postgres');
    const schema = String(database.options.schema);
    await createSchema(schema);
    try {
      const result = await coplay(['start', '--no-serve'], {
        DATABASE_URL: urlWithSchema(schema),
        PIPELINE_MODE: 'distributed',
        ARTIFACT_DIR: join(dir, 'models'),
      });
      expect(result.code, result.stderr).toBe(0);
      const store = await openStore(TEST_POSTGRES_URL, { schema, migrate: false });
      try {
        expect(await store.games.count()).toBe(0);
        expect(await store.modelVersions.list()).toEqual([]);
      } finally {
        await store.close();
      }
    } finally {
      await database.drop();
    }
  });

  it("the bootstrap's guard queues a first run only while no model is live", async () => {
    const guards = new Set<string>();
    for (const line of [
      ...Object.values(compose.services).map((s) => s.command ?? []),
      ...podSpecs().flatMap(({ spec }) => allContainers(spec).map((c) => c.command ?? [])),
    ]) {
      if (line[0] !== 'sh') continue;
      const [guard, action] = String(line.at(-1)).split(' || ');
      expect(coplaySubcommands([String(action)])).toEqual(['pipeline run']);
      guards.add(String(guard));
    }
    // compose and k8s use the same guard.
    expect(guards.size).toBe(1);
    const [guard] = [...guards];
    const url = `sqlite:${join(dir, 'guard.db')}`;
    const check = () =>
      run('sh', ['-c', String(guard)], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), DATABASE_URL: url },
      }).then(
        () => 0,
        (error: { code: number }) => error.code,
      );
    expect(await check()).not.toBe(0);
    const store = await openStore(url);
    try {
      await store.modelVersions.insert({
        version: 'v1',
        algorithm: 'ease',
        manifest: {},
        metrics: {},
        checksum: 'x',
        artifactPath: 'v1.coplay-model',
      });
      expect(await check()).not.toBe(0); // registered but not live
      await store.modelVersions.setLive('v1');
    } finally {
      await store.close();
    }
    expect(await check()).toBe(0);
  }, 30_000);
});
