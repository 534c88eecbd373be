// @ts-check
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * Type-aware lint of everything tsconfig.json type-checks. The three rules the project's
 * guarantees lean on (a promise nobody awaits, a promise where a callback is expected, a switch
 * that forgets a state) are errors, never warnings.
 */
/** Nothing in src replaces a request handler the SDK owns (the MCP edge below). */
const SDK_HANDLERS_OURS = {
  selector: "MemberExpression[property.name=/^(setRequestHandler|removeRequestHandler|setNotificationHandler|removeNotificationHandler)$/]",
  message: "Register through McpServer (registerTool, registerResource, registerPrompt): no request handler of the SDK is replaced.",
};

export default tseslint.config(
  { ignores: ["dist/", "coverage/", "node_modules/", "test/fixtures/", ".cache/"] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      // An async method without await is how an adapter or fake implements a Promise-returning
      // port: a throw becomes a rejection, as the port's callers expect.
      "@typescript-eslint/require-await": "off",
      // `const { dropped: _dropped, ...kept } = x` is how a field is left out of a copy.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true, varsIgnorePattern: "^_", argsIgnorePattern: "^_" }],
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false }],
    },
  },
  {
    // The MCP edge stays on the SDK's own paths: tools, resources and prompts are registered with
    // McpServer's register* methods, whose handlers answer the protocol's requests. Replacing one
    // of those handlers (as the old tools/list cache did) bypasses the SDK where an upgrade can
    // break it silently. (Imports of SDK internals: .dependency-cruiser.cjs.)
    files: ["src/**/*.ts"],
    rules: {
      "no-restricted-syntax": ["error", SDK_HANDLERS_OURS],
    },
  },
  {
    // The links are added at the edge from what the use cases tell: the linking layer learns a
    // wait's deadline from the use case (onDeadline), never by parsing its input a second time,
    // and an error's link travels on the error it throws, never in a map beside it.
    files: ["src/adapters/linked-use-cases.ts", "src/adapters/error-links.ts", "src/adapters/ui-links.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        SDK_HANDLERS_OURS,
        {
          selector: "CallExpression[callee.property.name=/^(safe)?[pP]arse(Async)?$/], CallExpression[callee.name='parseInput']",
          message: "No second parse of a use case's input: the use case tells what the links need (onDeadline, its answer).",
        },
        {
          selector: "NewExpression[callee.name=/^Weak(Map|Set)$/]",
          message: "No side channel: what goes with an answer or an error travels on it.",
        },
      ],
    },
  },
  {
    // The bin is the compiled code as is: a build that swaps or generates a module (an esbuild
    // plugin's onResolve/onLoad) ships code the tests never ran.
    files: ["scripts/**/*.mjs", "bench/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[property.name=/^on(Resolve|Load)$/], Property[key.name='plugins']",
          message: "No module swapped or generated at build time: bundle the compiled code as it is.",
        },
      ],
    },
  },
  {
    files: ["test/**/*.ts"],
    rules: {
      // vitest types its asymmetric matchers (expect.any, expect.stringMatching, expect.objectContaining)
      // as any, so every `{ field: expect.any(Number) }` would be an "unsafe assignment". The other
      // no-unsafe-* rules stay on: reading or calling an any is still an error in tests.
      "@typescript-eslint/no-unsafe-assignment": "off",
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        module: "writable",
        require: "readonly",
        setTimeout: "readonly",
        setInterval: "readonly",
        URL: "readonly",
      },
    },
  },
);
