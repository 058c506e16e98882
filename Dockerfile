# Tactful: one image for every role (TACTFUL_ROLES=web,poller | worker | all).
# tsx is a runtime dependency (the TypeScript sources run as they are), so `npm ci --omit=dev` is enough.
FROM node:20-slim

WORKDIR /app
ENV NODE_ENV=production

COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

COPY tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY config ./config

USER node
EXPOSE 3000
ENTRYPOINT ["node", "bin/tactful.js"]
CMD ["serve"]
