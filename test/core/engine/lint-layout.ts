import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core';
import type { Issue } from '../../../src/core';
import { attrOf } from '../../../src/core/layout/ast';
import type { LintInput } from '../../../src/core/engine/lint-reporter';
import { lintMachine } from '../../../src/core/engine/lint';

// Linting a layout written in a test, and reading what the lint said.

type Extra = Partial<Pick<LintInput, 'origin' | 'pageSizeOf'>>;

/** Lints a layout the way the editor will: parse, build, views, then lintMachine told what was already reported. */
export function lintLayout(text: string, extra: Extra = {}): { issues: Issue[]; all: Issue[] } {
  const doc = analyzeDocument(text, 'layout');
  const model = doc.layout?.model;
  assert.ok(model && doc.model);
  // analyzeDocument lints already; lint again here with these options, on what came before lint.
  const before = doc.issues.filter((i) => !i.code.startsWith('LY'));
  const issues = lintMachine({
    machine: model.machine,
    views: doc.model.views,
    blocks: model.blocks,
    spanOf: (mr) => model.declOf.get(mr)?.name.span,
    explicitOrder: (mr) => {
      const decl = model.declOf.get(mr);
      return decl !== undefined && attrOf(decl, 'order') !== undefined;
    },
    reported: before,
    ...extra,
  });
  return { issues, all: [...before, ...issues] };
}

/** `CODE@line:col` (1-based), sorted. */
export const at = (issues: readonly Issue[]): string[] => issues.map((i) => `${i.code}@${i.span.line + 1}:${i.span.col + 1}`).sort();
export const lint = (...lines: string[]): Issue[] => lintLayout(lines.join('\n') + '\n').issues;
export const only = (issues: readonly Issue[], code: string): Issue => {
  const found = issues.filter((i) => i.code === code);
  assert.equal(found.length, 1, issues.map((i) => i.message).join('\n'));
  return found[0] as Issue;
};
