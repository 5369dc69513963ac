# syntax=docker/dockerfile:1
# One image per MAST service, from one Dockerfile:
#   docker build --build-arg SERVICE=signal -t mast/signal:0.1.0 .
# SERVICE is a workspace package under services/ (market-data, signal, risk, execution, notifier,
# projection, provision, replay) or bybit-sim (the paper simulator, run with `node dist/cli.js`).
# The build stage compiles the workspace and `pnpm deploy`s the one service with its production
# dependencies only; the runtime stage is that folder on node:20-slim, run as a non-root user.
# CI proves the same `pnpm deploy` folders boot with plain node (deploy/test/deploy-boot.e2e.spec.ts).

ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS build
# The pnpm that runs must equal package.json's packageManager (TOOLCHAIN.md); corepack cannot verify here.
RUN npm install --global --save-exact pnpm@12.4.2
WORKDIR /src
# Dependencies first, from the lockfile only, so this layer is cached until the lockfile changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch
COPY . .
RUN pnpm install --frozen-lockfile --offline && pnpm run build
ARG SERVICE
RUN test -n "${SERVICE}" || (echo "build with --build-arg SERVICE=<service>" >&2; exit 1)
RUN pnpm --filter "@mast/${SERVICE}" --prod deploy /out
# The simulator replays the bundled sample candles: they ship in its image only.
RUN if [ "${SERVICE}" = "bybit-sim" ]; then mkdir -p /out/data && cp -r data/sample /out/data/sample; fi

FROM ${NODE_IMAGE}
ARG SERVICE
LABEL org.opencontainers.image.title="mast-${SERVICE}" \
      org.opencontainers.image.source="https://github.com/mast/mast"
ENV NODE_ENV=production \
    MAST_HTTP_PORT=9464
WORKDIR /app
# Owned by root and read-only to the service's user: the process cannot change its own code.
COPY --from=build /out /app
# uid 1000 is the `node` user of the official image; numeric so Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 9464
# Liveness only (the process and its event loop); readiness (/readyz) is for orchestrators.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.MAST_HTTP_PORT || 9464) + '/livez').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM goes straight to node (no shell in between): services drain and exit within 15 s.
CMD ["node", "dist/main.js"]
