# The image of the system under test in docker-compose.yml: the repository with its npm
# dependencies and the services compiled into services/*/dist. Each compose service runs one
# service's compiled entry, as the native supervisor does (stack/process-compose.yaml), and on the
# same Node version: the `node` component in stack/src/native/manifest.ts.
FROM node:24.22.3-bookworm-slim

WORKDIR /firebreak
# The workspace manifests first, so that a code change reuses the installed dependencies.
COPY package.json package-lock.json ./
COPY stack/package.json stack/
COPY cdc/package.json cdc/
COPY loadtests/package.json loadtests/
COPY services/platform/package.json services/platform/
COPY services/payment-provider/package.json services/payment-provider/
COPY services/orders/package.json services/orders/
COPY services/inventory/package.json services/inventory/
COPY services/payments/package.json services/payments/
COPY services/analytics/package.json services/analytics/
COPY services/gateway/package.json services/gateway/
# Dev dependencies too: esbuild compiles the services, and tsx runs the pipeline's preparation.
RUN npm ci --no-audit --no-fund
COPY . .
RUN node stack/bin/firebreak.js build
# The PSP simulator's ledger volume: a new named volume takes this directory's owner.
RUN mkdir -p /var/lib/firebreak/payment-provider && chown node:node /var/lib/firebreak/payment-provider

USER node
