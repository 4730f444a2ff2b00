# drainscope: the dashboard as a container (issue 7). Three stages: dependencies, build, and a runtime that holds
# only Next's standalone output (a traced node_modules; no dev dependencies, no sources, no npm install).
# Runs as uid 10001 on a read-only root filesystem: the app writes only /data (the store, a volume), /tmp and
# /app/.next/cache (Next's runtime cache; both emptyDirs in deploy/).
#   docker build -t drainscope .
#   docker run --rm -p 127.0.0.1:3000:3000 -e DRAINSCOPE_HOST=0.0.0.0 -e DRAINSCOPE_SIMULATE=1 drainscope

FROM node:20-slim AS deps
WORKDIR /src
COPY package.json package-lock.json ./
# The build needs the dev dependencies (TypeScript, Tailwind); none of them reach the runtime stage.
RUN npm ci --no-audit --no-fund

FROM node:20-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /src/node_modules ./node_modules
COPY . .
RUN node node_modules/next/dist/bin/next build

FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=127.0.0.1 \
    DRAINSCOPE_HOST=127.0.0.1 \
    DRAINSCOPE_DATA_DIR=/data \
    DRAINSCOPE_PREBUILT=1 \
    HOME=/tmp
WORKDIR /app
# Owned by root, so the app user cannot change its own code even where the root filesystem is writable.
COPY --from=build /src/.next/standalone ./
COPY --from=build /src/.next/static ./.next/static
COPY --from=build /src/public ./public
# The entrypoint: serves the prebuilt standalone app and owns SIGTERM (drains SSE clients, exits 0 in < 25 s).
COPY --from=build /src/scripts/start.mjs ./scripts/start.mjs
RUN mkdir -p /data /app/.next/cache && chown 10001:10001 /data /app/.next/cache
USER 10001:10001
EXPOSE 3000
# exec form: node is PID 1 and receives SIGTERM itself (no shell in between to swallow it).
ENTRYPOINT ["node", "scripts/start.mjs"]
