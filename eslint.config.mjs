// Lint: typescript-eslint's type-aware rules, plus the architecture rule that keeps src/core pure.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'dist-vsix/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**', 'test/webview/out/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', {
        // node:test's test() returns a promise the runner itself awaits.
        allowForKnownSafeCalls: [{ from: 'package', name: ['test', 'describe', 'it'], package: 'node:test' }],
      }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: 'error',
    },
  },
  {
    // Files a reader can hold in mind: no file over 400 lines, no function over 80 (tests: files only, as
    // a suite's callback holds its tests).
    files: ['**/*.ts', '**/*.mts', '**/*.mjs'],
    rules: { 'max-lines': ['error', { max: 400 }] },
  },
  {
    files: ['src/**/*.ts', 'scripts/**/*.mjs', 'bench/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'src/core is pure: no VS Code API.' },
          ...nodeBuiltins.map((name) => ({ name, message: 'src/core is pure: no Node built-ins (inject I/O from the adapters).' })),
        ],
        patterns: [
          { group: ['vscode-languageserver*', 'vscode-languageclient*', 'vscode-jsonrpc*'], message: 'src/core is pure: no LSP library.' },
          { group: ['node:*'], message: 'src/core is pure: no Node built-ins.' },
        ],
      }],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', '__dirname'],
    },
  },
  {
    // The adapters reach the core through its front door only: the language service and the model types.
    files: ['src/server/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: '(^|/)core(/(?!service$|model/[^/]+$).*)?$',
          message: 'The server and the CLI import src/core through src/core/service (createLanguageService) and src/core/model/* only.',
        }],
      }],
    },
  },
  {
    // The browser code has its own tsconfig (DOM types, no Node): lint it with that program.
    files: ['src/webview/**/*.ts', 'test/webview/page/**/*.mts'],
    languageOptions: { parserOptions: { projectService: false, project: './tsconfig.webview.json', tsconfigRootDir: import.meta.dirname } },
  },
  {
    // Each request is a `namespace X { method; Params; Result }`, as vscode-eslint's protocol module does.
    files: ['src/protocol/**/*.ts'],
    rules: { '@typescript-eslint/no-namespace': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
