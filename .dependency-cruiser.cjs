/**
 * The hexagon's dependency rule, enforced on every import of src/ (static, type-only, dynamic
 * `import()`, `require`), run by `npm run lint` inside `npm test`. The README's "Architecture"
 * section states the same rules in words: change both together.
 * test/architecture.test.ts proves each rule fires on a violation.
 * @type {import("dependency-cruiser").IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: "domain-imports-only-domain-and-ports",
      comment:
        "The domain is pure TypeScript: it imports the domain, the ports and zod (its input schemas), " +
        "never an adapter, src/app, a framework or a Node built-in.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { pathNot: ["^src/(domain|ports)/", "(^|/)node_modules/zod/"] },
    },
    {
      name: "domain-makes-no-links",
      comment:
        "Deep links into OctoPerf's UI are presentation: the use cases answer with ids, and the edges add the links " +
        "(src/adapters/linked-use-cases.ts). Nothing in the domain may reach the UI links port, not even a type.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { path: "^src/ports/ui-links-port\\.ts$" },
    },
    {
      name: "domain-model-stands-alone",
      comment: "The model (entities, ids, values) imports only itself, the domain errors and zod: no use case, no port.",
      severity: "error",
      from: { path: "^src/domain/model/" },
      to: { pathNot: ["^src/domain/model/", "^src/domain/errors\\.ts$", "(^|/)node_modules/zod/"] },
    },
    {
      name: "ports-import-only-the-domain-model",
      comment: "A port is an interface over domain model types: no use case, adapter, app or package.",
      severity: "error",
      from: { path: "^src/ports/" },
      to: { pathNot: "^src/domain/model/" },
    },
    {
      name: "adapters-never-import-app",
      comment: "Only src/app (the composition root) chooses adapters; an adapter never reaches back into it.",
      severity: "error",
      from: { path: "^src/adapters/" },
      to: { path: "^src/app/" },
    },
    {
      name: "mcp-adapter-calls-use-cases-not-port-adapters",
      comment:
        "The MCP adapter calls use cases; it never imports a port adapter (http, fake, the clock, the " +
        "logger, ...). The shared helpers it may use: src/adapters/mask-text.ts, and the linking layer it calls the " +
        "use cases through (linked-use-cases.ts, error-links.ts).",
      severity: "error",
      from: { path: "^src/adapters/mcp/" },
      to: {
        path: "^src/adapters/",
        pathNot: ["^src/adapters/mcp/", "^src/adapters/mask-text\\.ts$", "^src/adapters/linked-use-cases\\.ts$", "^src/adapters/error-links\\.ts$"],
      },
    },
    {
      name: "adapters-stay-in-their-own-folder",
      comment: "One adapter folder never imports another (http, fake, mcp); shared helpers live in src/adapters/*.ts.",
      severity: "error",
      from: { path: "^src/adapters/([^/]+)/" },
      to: { path: "^src/adapters/[^/]+/", pathNot: "^src/adapters/$1/" },
    },
    {
      name: "only-app-uses-tsyringe",
      comment: "Dependency injection is the composition root's business: the use cases get their ports by constructor.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/app/" },
      to: { path: "(^|/)node_modules/(tsyringe|reflect-metadata)/" },
    },
    {
      name: "chart-libraries-only-in-adapters-chart",
      comment: "vega and resvg are the chart adapter's business: nothing else imports them, not even a type.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/adapters/chart/" },
      to: { path: "(^|/)node_modules/(vega|@resvg/resvg-js)/" },
    },
    {
      name: "chart-libraries-load-lazily",
      comment:
        "The chart adapter loads vega and resvg with import() when a chart is drawn: a static import " +
        "would load them at start (types may be imported statically: they vanish at build).",
      severity: "error",
      from: { path: "^src/adapters/chart/" },
      to: { path: "(^|/)node_modules/(vega|@resvg/resvg-js)/", dependencyTypesNot: ["dynamic-import", "type-only"] },
    },
    {
      name: "create-require-only-in-app",
      comment:
        "createRequire (node:module) loads modules behind the import graph's back, where these rules cannot see " +
        "what it loads; only src/app (which reads package.json with it) may use it, and the chart adapter, which " +
        "only require.resolve()s the paths of its font files.",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/app/", "^src/adapters/chart/vega-trend-chart\\.ts$"] },
      to: { dependencyTypes: ["core"], path: "^(node:)?module$" },
    },
    {
      name: "sdk-only-through-documented-entry-points",
      comment:
        "The MCP SDK is used through the entry points its README documents (McpServer, the transports, the client, " +
        "the protocol types, the auth routers and their OAuth types, the JSON Schema validators of its validation module): a module of its own inside (server/zod-compat.js, …) may change or " +
        "vanish in any release, silently.",
      severity: "error",
      from: { path: "^src/" },
      to: {
        path: "(^|/)node_modules/@modelcontextprotocol/sdk/",
        pathNot:
          "(^|/)node_modules/@modelcontextprotocol/sdk/dist/(esm|cjs)/(" +
          "server/(mcp|index|stdio|streamableHttp|express)|server/auth/.+|client/(index|stdio|streamableHttp|auth)|" +
          "inMemory|types|shared/(transport|protocol|auth)|validation/(index|ajv-provider|types))\\.(js|d\\.ts)$",
      },
    },
    {
      name: "no-circular",
      comment: "A cycle makes load order matter and the layers meaningless.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-orphans",
      comment: "A module nothing imports and that imports nothing is dead code (or a forgotten registration).",
      severity: "error",
      from: { orphan: true, pathNot: ["\\.d\\.ts$"] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: "(^|/)node_modules/" },
    tsPreCompilationDeps: true,
    parser: "tsc",
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".json", ".d.ts"],
    },
    skipAnalysisNotInRules: true,
  },
};
