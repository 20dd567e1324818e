# Keepsafe's production image: built in one stage, run from the compiled dist/ with plain node.
# docker build -t keepsafe . && docker run -p 3000:3000 -e SESSION_SECRET=... -e PUBLIC_URL=... keepsafe
FROM node:24-bookworm-slim AS build
WORKDIR /app
# packages/command declares the `keepsafe` bin (see its README): npm ci links it.
COPY package.json package-lock.json ./
COPY packages ./packages
RUN npm ci --no-audit --no-fund
COPY . .
# dist/ (code and templates) and build/ (GOV.UK Frontend's CSS, compiled with Arial)
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    TZ=Europe/London \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/packages ./packages
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/build ./build
COPY --from=build /app/public ./public
COPY --from=build /app/bin ./bin
# The embedded database's folder (unused with DATABASE_URL), owned by the unprivileged user.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node runs the server itself (no npm, no shell), so SIGTERM reaches its graceful shutdown.
CMD ["node", "dist/cli/main.js", "serve"]
