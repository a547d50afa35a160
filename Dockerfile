# syntax=docker/dockerfile:1
# Coplay's one image: `coplay start` (API + page) by default; the same image runs `coplay worker`,
# `coplay migrate`, `coplay import` and `coplay train` with another command. See README "Deploying".

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: compile better-sqlite3, build the page, drop dev dependencies ----
FROM ${NODE_IMAGE} AS build
# better-sqlite3 is compiled from source (its prebuilt-binary download is not relied on); the toolchain
# stays in this stage only.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# nodedir: the official image ships Node's headers under /usr/local, so node-gyp needs no download.
ENV npm_config_build_from_source=true \
  npm_config_nodedir=/usr/local
# Lockfile first: the dependency layer is reused until package*.json change.
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
# The page (vite) and the server (tsc, to plain JavaScript in dist/: no tsx loader at run time, ~40 MB less
# per thread) are built here, where the dev dependencies are; then those are dropped.
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: only what runs, as a non-root user ----
FROM ${NODE_IMAGE} AS runtime
# A 4 MB young generation (V8's default is 16 MB) keeps a loaded API server under 300 MB of RSS for about 3%
# of its throughput (README, Benchmarks); it applies to every role the image runs.
ENV NODE_ENV=production \
  NODE_OPTIONS=--max-semi-space-size=4 \
  HOST=0.0.0.0 \
  PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
COPY --from=build /app/data ./data
COPY --from=build /app/web/dist ./web/dist
# var/ is the only place Coplay writes (ARTIFACT_DIR=var/models, the default SQLite file); the code stays
# root-owned and read-only to the app. uid 1000 is the image's "node" user; numeric so that Kubernetes'
# runAsNonRoot can verify it.
RUN mkdir -p /app/var && chown 1000:1000 /app/var
USER 1000:1000
EXPOSE 3000
# Liveness only (no curl in slim images); readiness (/readyz) is the orchestrator's business.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/coplay.js", "start"]
