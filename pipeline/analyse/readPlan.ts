/**
 * Reads a plan file: YAML, checked against the plan schema. A mistake is reported with the
 * file, line and column of the offending key, and what was expected.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { planSchema, type Plan } from '../../schemas/plan.ts';

export class PlanInvalid extends Error {
  constructor(readonly problems: string[]) {
    super(`the plan is not valid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'PlanInvalid';
  }
}

function nodeAt(root: Node | null, path: readonly PropertyKey[]): Node | null {
  let node = root;
  for (const key of path) {
    if (isMap(node)) node = (node.get(key as string, true) as Node | undefined) ?? node;
    else if (isSeq(node)) node = (node.get(key as number, true) as Node | undefined) ?? node;
    else break;
  }
  return node;
}

export function parsePlan(text: string, file = 'plan.yaml'): Plan {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    throw new PlanInvalid(doc.errors.map((e) => `${file}:${e.linePos?.[0]?.line ?? 1}:${e.linePos?.[0]?.col ?? 1}: ${e.message.split('\n')[0]}`));
  }
  const parsed = planSchema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  throw new PlanInvalid(
    parsed.error.issues.map((issue) => {
      const node = nodeAt(doc.contents as Node | null, issue.path);
      const at = node?.range ? lines.linePos(node.range[0]) : { line: 1, col: 1 };
      const where = issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : 'plan';
      return `${file}:${at.line}:${at.col}: ${where}: ${issue.message}`;
    }),
  );
}

export function readPlan(path: string): Plan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new PlanInvalid([`${path}: the plan file cannot be read`]);
  }
  return parsePlan(text, path);
}
