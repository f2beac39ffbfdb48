/**
 * The layers' import rules, checked by `npm run lint:deps` in CI. See docs/architecture.md.
 * @type {import('dependency-cruiser').IConfiguration}
 */

// Resolved into node_modules, or named as written when the package cannot be resolved.
const FORGE_PACKAGES = [
  "(^|/)node_modules/(@octokit|octokit|probot)/",
  "^(@octokit|octokit|probot)(/|$)",
];

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment:
        "An import circle, type-only imports included, makes its files one module: move the shared types apart from the code that uses them.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "core-is-pure",
      comment: "src/core is the pure state machine: it imports nothing outside src/core.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { pathNot: "^src/core/" },
    },
    {
      name: "run-imports-no-forge",
      comment: "src/run is the engine, written against ports: no forge, no Octokit, no Probot.",
      severity: "error",
      from: { path: "^src/run/" },
      to: { path: ["^src/forges/", ...FORGE_PACKAGES] },
    },
    {
      name: "forges-stay-apart",
      comment: "A forge does not import another forge.",
      severity: "error",
      from: { path: "^src/forges/([^/]+)/" },
      to: { path: "^src/forges/", pathNot: "^src/forges/$1/" },
    },
    {
      name: "persistence-imports-no-forge",
      comment: "Persistence stores run states and jobs; it knows no forge, no Octokit, no Probot.",
      severity: "error",
      from: { path: "^src/persistence/" },
      to: { path: ["^src/forges/", ...FORGE_PACKAGES] },
    },
    {
      name: "persistence-depends-on-core-only",
      comment:
        "Persistence is a part the runtime wires: of the app it knows only the core's types (the run state it stores).",
      severity: "error",
      from: { path: "^src/persistence/" },
      to: { path: "^src/", pathNot: "^src/(persistence|core)/" },
    },
    {
      name: "tools-import-no-forge",
      comment:
        "The MCP servers and router, the sandbox, the stacks, the preflight checks, the LLM gateway and the forge-neutral Markdown know no forge.",
      severity: "error",
      from: { path: "^src/(mcp|sandbox|stacks|preflight|llm|markdown)/" },
      to: { path: ["^src/forges/", ...FORGE_PACKAGES] },
    },
    {
      name: "config-is-read-not-reading",
      comment:
        "Configuration is read by the runtime, the engine and the forges, never the other way round.",
      severity: "error",
      from: { path: "^src/config/" },
      to: { path: "^src/(runtime|run|forges|persistence)/" },
    },
    {
      name: "runtime-is-the-top",
      comment:
        "src/runtime is the composition root and the parts it wires (server, ingress, worker, ops); nothing else imports it.",
      severity: "error",
      from: { pathNot: "^src/runtime/" },
      to: { path: "^src/runtime/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // TypeScript 7 has no JS API for dependency-cruiser's tsc parser: swc parses the sources,
    // and records type-only imports too, so circles of types count (tsPreCompilationDeps is
    // left out: it only switches on the tsc parser, and warns that tsc is missing).
    parser: "swc",
    enhancedResolveOptions: {
      extensions: [".ts", ".js", ".mjs"],
    },
  },
};
