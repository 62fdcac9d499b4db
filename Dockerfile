# msr — one image for the reference server and for `msr worker` (docs/guides/deploy.md).
#
#   docker build -t msr .
#   docker run -p 3000:3000 -v msr-data:/app/data msr                       # the server
#   docker run -e MSR_REDIS_URL=redis://redis:6379 msr msr worker --artifacts mlflow   # a worker
#
# The production smoke test (test/production/image.smoke.ts) runs these same steps, parsed from
# this file, in a clean folder; an instruction it cannot reproduce fails it.

# --- manifests: what npm ci reads, shared by the two installs below -----------------------------
FROM node:20.20.2-bookworm-slim AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/core/package.json packages/core/
COPY packages/io/package.json packages/io/
COPY packages/mlflow-client/package.json packages/mlflow-client/
COPY packages/spotify/package.json packages/spotify/
COPY packages/pipeline/package.json packages/pipeline/
# The msr command's launcher: npm links a bin only when its file exists at install time.
COPY packages/pipeline/bin/ packages/pipeline/bin/
COPY examples/server/package.json examples/server/

# --- build: every dependency, then the packages and the server compiled to dist/ ----------------
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
COPY --from=manifests /app/ ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsup.base.ts ./
COPY packages/ packages/
COPY examples/server/ examples/server/
RUN npm run build

# --- runtime: production dependencies and the compiled output only -----------------------------
FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production \
    MSR_HOST=0.0.0.0 \
    PATH=/app/node_modules/.bin:$PATH
WORKDIR /app
COPY --from=manifests /app/ ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/packages/core/dist/ packages/core/dist/
COPY --from=build /app/packages/io/dist/ packages/io/dist/
COPY --from=build /app/packages/mlflow-client/dist/ packages/mlflow-client/dist/
COPY --from=build /app/packages/spotify/dist/ packages/spotify/dist/
COPY --from=build /app/packages/pipeline/dist/ packages/pipeline/dist/
COPY --from=build /app/examples/server/dist/ examples/server/dist/
COPY packages/pipeline/config/ packages/pipeline/config/
COPY examples/server/assets/ examples/server/assets/
# The embedded defaults' first training data (the single-container deployment needs no setup).
COPY fixtures/dataset.zip fixtures/playlists.json fixtures/
# Everything the server and the workers write goes under data/ (relative defaults), a volume
# owned by the unprivileged user the processes run as: 1000 is the image's `node` user (numeric,
# so a runtime's "must not run as root" check can verify it without the image's passwd file).
# shared/ is where compose.yaml mounts what several instances share; it exists here so that a
# fresh volume mounted on it takes this ownership (Docker creates missing mount points as root).
RUN mkdir -p data shared && chown 1000:1000 data shared
USER 1000:1000
VOLUME ["/app/data"]
EXPOSE 3000
# /readyz: database reachable and a model loaded. The first start trains on the fixture first,
# hence the long start period. Workers have no HTTP port: compose.yaml turns this off for them.
HEALTHCHECK --interval=30s --timeout=5s --start-period=300s --retries=3 \
  CMD ["node", "examples/server/dist/healthcheck.js"]
# Both the server and `msr worker` finish their work on SIGTERM (requests in flight, running
# jobs) and exit; node runs as PID 1 and reaps the children it starts itself.
STOPSIGNAL SIGTERM
CMD ["node", "examples/server/dist/main.js"]
