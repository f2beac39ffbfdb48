/**
 * testcontainers' reaper (Ryuk) is a container of its own, pulled from Docker Hub, with the
 * Docker socket mounted and a published port. The sandbox labels and reaps its containers
 * itself (reap.ts), so Ryuk only adds a registry dependency and a privileged container.
 * Imported for its effect before testcontainers; testcontainers reads the variable when it
 * first starts a container, so setting it here covers `npm start`, the image and tests alike.
 */
process.env.TESTCONTAINERS_RYUK_DISABLED = "true";
