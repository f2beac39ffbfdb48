# The app's deployment image. Generated code never runs here: it runs in sandbox
# containers on the Docker engine this app is pointed at (see docs/deploy.md).
FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY app.yml ./
COPY bin ./bin
COPY src ./src
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME /app/data
USER node
EXPOSE 3000
ENV HOST=0.0.0.0
CMD ["npm", "start"]
