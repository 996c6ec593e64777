# syntax=docker/dockerfile:1
#
# Shanlian for a real deployment (see "Deployment" in README.md and compose.yaml).
#
#   docker build -t shanlian .
#   docker run --env-file .env -p 3000:3000 shanlian      # DATABASE_URL, SESSION_SECRET, ID_HASH_KEY, … required
#
# The image has no embedded PostgreSQL (a development dependency, pruned): DATABASE_URL must name a
# PostgreSQL 14+ server with the contrib extensions (postgres:18 in compose.yaml). Migrations are
# applied at start, by the WASM schema engine (no network, no native engine download).

# ── build: all dependencies, the generated Prisma client, the Remix build ──
FROM node:22-bookworm-slim AS build
WORKDIR /app
ENV PRISMA_HIDE_UPDATE_MESSAGE=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
# What `npm ci` needs (its postinstall generates the Prisma client from prisma/schema.prisma and
# patches the router packages' server builds, scripts/patch-deps.mjs), first,
# so the dependency layer is cached until the lock file or the schema changes.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma-generate.mjs scripts/patch-deps.mjs ./scripts/
RUN npm ci
COPY . .
RUN npm run build \
 && npm prune --omit=dev \
 && npm cache clean --force

# ── runtime: production dependencies, sources (scripts run through tsx), the build ──
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    SHUTDOWN_TIMEOUT_MS=10000 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
# Owned by root, read-only for the app: it writes nothing to its own directory (files live in PostgreSQL).
COPY --from=build /app /app
USER node
EXPOSE 3000
# Liveness only (/healthz does not touch the database); load balancers should use /readyz.
HEALTHCHECK --interval=15s --timeout=3s --start-period=90s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node itself is the main process (not npm, not the tsx launcher) so SIGTERM reaches the graceful
# shutdown: requests in flight finish (SHUTDOWN_TIMEOUT_MS), the pool closes, exit 0. Give the
# container a longer stop timeout than SHUTDOWN_TIMEOUT_MS (compose: stop_grace_period).
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "scripts/start.ts"]
