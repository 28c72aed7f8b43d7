// ESLint: typescript-eslint's type-aware recommended rules on everything we write (provider,
// simulator, tests, scripts, examples). Formatting is Prettier's job (`npm run format`), so no
// stylistic rules here. `npm run lint` runs this with --max-warnings 0, then `prettier --check`.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

// The `any` family. The simulator's sources pass them all. The provider, the tests and the scripts
// do not yet: the provider's wire data and Pulumi's dynamic-provider interface are `any` by
// contract (about 320 findings in src/), and the tests and scripts read untyped JSON (API
// responses, stack outputs, state files) where a wrong property fails the assertion anyway
// (about 3,700). Typing them is its own piece of work, not a lint fix.
const anyRules = {
  "@typescript-eslint/no-explicit-any": "off",
  "@typescript-eslint/no-unsafe-argument": "off",
  "@typescript-eslint/no-unsafe-assignment": "off",
  "@typescript-eslint/no-unsafe-call": "off",
  "@typescript-eslint/no-unsafe-member-access": "off",
  "@typescript-eslint/no-unsafe-return": "off",
};

export default tseslint.config(
  {
    ignores: ["**/dist/**", "**/node_modules/**", "docs/api/**", "**/.work/**", "examples/*/bin/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // One program for every linted file (tsconfig.lint.json), built once per run.
        project: "./tsconfig.lint.json",
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // `async` without `await` is how a function here says "answers a promise, and reports failure as
      // a rejection, not a throw": the dynamic-provider methods and the test doubles of async interfaces.
      "@typescript-eslint/require-await": "off",
      // Deliberate lazy loads: undici and pg load on first use (start-up time, measured by
      // `npm run bench`), and the serialized provider functions must require the runtime when called.
      "@typescript-eslint/no-require-imports": ["error", { allow: ["^undici$", "^pg$", "^pulumi-dbaas/runtime$", "^\\./providers/"] }],
    },
  },
  {
    files: ["src/**", "test/**", "simulator/test/**", "scripts/**", "examples/**"],
    rules: anyRules,
  },
  {
    // CommonJS scripts and fixtures run by node: require() is how they load modules.
    files: ["scripts/**/*.js", "test/**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Config files outside every tsconfig: syntax rules only.
    files: ["*.mjs", "*.mts"],
    ...tseslint.configs.disableTypeChecked,
  },
);
