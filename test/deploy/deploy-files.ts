import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/** Readers for the deployment files (Dockerfile, compose.yaml, deploy/k8s), typed as far as the tests look. */
export const ROOT = resolve(import.meta.dirname, '../..');
export const K8S_DIR = join(ROOT, 'deploy/k8s');

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
  };
}

export interface Probe {
  httpGet?: { path: string; port: string | number };
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number }[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  resources?: {
    requests?: { cpu?: string; memory?: string };
    limits?: { cpu?: string; memory?: string };
  };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    runAsNonRoot?: boolean;
  };
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; runAsGroup?: number };
  terminationGracePeriodSeconds?: number;
  volumes?: { name: string; emptyDir?: object }[];
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> } & Record<string, string>;
    template?: { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
    scaleTargetRef?: { apiVersion: string; kind: string; name: string };
    minReplicas?: number;
    maxReplicas?: number;
    metrics?: { type: string; resource?: { name: string; target: { type: string } } }[];
    ports?: { name?: string; port: number; targetPort: string | number }[];
    rules?: {
      http: { paths: { backend: { service: { name: string; port: { name?: string; number?: number } } } }[] };
    }[];
  };
}

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  restart?: string;
  healthcheck?: { disable?: boolean; test?: string[] };
  depends_on?: Record<string, { condition: string }>;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** compose.yaml; merge keys (<<) are on, as Compose reads them. */
export function readCompose(): ComposeFile {
  return parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as ComposeFile;
}

/** Every object of every deploy/k8s/*.yaml except the kustomization, with the file it came from. */
export function readK8sObjects(): { file: string; object: K8sObject }[] {
  const objects: { file: string; object: K8sObject }[] = [];
  for (const file of k8sManifestFiles()) {
    for (const document of parseAllDocuments(readFileSync(join(K8S_DIR, file), 'utf8'))) {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]?.message}`);
      const object = document.toJS() as K8sObject | null;
      if (object !== null) objects.push({ file, object });
    }
  }
  return objects;
}

export function k8sManifestFiles(): string[] {
  return readdirSync(K8S_DIR)
    .filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml')
    .sort();
}

export function readKustomization(): { namespace?: string; resources: string[] } {
  return parse(readFileSync(join(K8S_DIR, 'kustomization.yaml'), 'utf8')) as {
    namespace?: string;
    resources: string[];
  };
}

/** One Dockerfile instruction, continuation lines joined. */
export interface DockerInstruction {
  keyword: string;
  rest: string;
}

/** The Dockerfile's stages, each a list of instructions (comments and blank lines dropped). */
export function readDockerfileStages(): DockerInstruction[][] {
  const joined = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const stages: DockerInstruction[][] = [];
  for (const line of joined.split('\n')) {
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const instruction = { keyword: match[1].toUpperCase(), rest: match[2].trim() };
    if (instruction.keyword === 'FROM') stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}

/** Replaces Compose's ${NAME:-default}, ${NAME:?message} and ${NAME} as if .env held `fill` for required names. */
export function interpolateCompose(value: string, fill = 'placeholder'): string {
  return value.replace(
    /\$\{([A-Z0-9_]+)(?:(:?-)([^}]*)|(:?\?)[^}]*)?\}/g,
    (_all, _name, dash, fallback, query) =>
      dash !== undefined ? String(fallback) : query !== undefined ? fill : '',
  );
}

/** The `coplay` subcommands a command line runs: `node bin/coplay.js model list` → "model list". */
export function coplaySubcommands(commandLine: string[]): string[] {
  const text = commandLine.join(' ');
  return [...text.matchAll(/node bin\/coplay\.js((?: [a-z][a-z-]*)+)/g)].map((match) => match[1].trim());
}
