/**
 * Reads a plan file: YAML, checked against the plan schema. A mistake is reported with the
 * file, line and column of the offending key, and what was expected: an unknown key at the
 * key (with the keys allowed there), a repeated key at its second use, an unclosed { or [
 * where it opens, and aliases that expand too far ("billion laughs") as a plain error.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isScalar, isSeq, visit, type Alias, type Document, type Node, type YAMLError } from 'yaml';
import { planSchema, type Plan } from '../../schemas/plan.ts';
import { didYouMeanHint } from './didYouMean.ts';
import { PlanInvalid } from './planInvalid.ts';

function nodeAt(root: Node | null, path: readonly PropertyKey[]): Node | null {
  let node = root;
  for (const key of path) {
    if (isMap(node)) node = (node.get(key as string, true) as Node | undefined) ?? node;
    else if (isSeq(node)) node = (node.get(key as number, true) as Node | undefined) ?? node;
    else break;
  }
  return node;
}

/** The key node of `key` in the map at `node`, to point at an unknown key itself. */
function keyNode(node: Node | null, key: string): Node | null {
  if (!isMap(node)) return null;
  const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  return pair && isScalar(pair.key) ? pair.key : null;
}

interface SchemaDef {
  type: string;
  shape?: Record<string, { _zod: { def: SchemaDef } }>;
  element?: { _zod: { def: SchemaDef } };
  innerType?: { _zod: { def: SchemaDef } };
  in?: { _zod: { def: SchemaDef } };
}

/** The keys the plan schema allows in the object at `path` (to list them, and suggest one). */
function keysAllowedAt(path: readonly PropertyKey[]): string[] {
  const unwrap = (d: SchemaDef): SchemaDef => {
    for (;;) {
      const inner = d.innerType ?? (d.type === 'pipe' ? d.in : undefined);
      if (!inner) return d;
      d = inner._zod.def;
    }
  };
  let def: SchemaDef | undefined = unwrap((planSchema as unknown as { _zod: { def: SchemaDef } })._zod.def);
  for (const key of path) {
    const next: { _zod: { def: SchemaDef } } | undefined = def.type === 'object' ? def.shape?.[String(key)] : def.type === 'array' ? def.element : undefined;
    if (!next) return [];
    def = unwrap(next._zod.def);
  }
  return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

function describePath(path: readonly PropertyKey[]): string {
  return path.length ? path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : 'plan';
}

/** A YAML syntax error at its real line and column, said so a plan's author can fix it. */
function yamlProblem(error: YAMLError, doc: Document, text: string, lines: LineCounter, file: string): string {
  const at = lines.linePos(error.pos[0]);
  const here = `${file}:${at.line}:${at.col}`;
  const message = error.message.split('\n')[0]!;
  if (error.code === 'DUPLICATE_KEY') {
    // Name the key, and where it was given first.
    let found: { key: string; first: number } | undefined;
    visit(doc, {
      Map(_, map) {
        const keys = map.items.map((p) => (isScalar(p.key) ? { value: String(p.key.value), start: p.key.range?.[0] } : null));
        const repeated = keys.findIndex((k) => k?.start === error.pos[0]);
        if (repeated < 0) return undefined;
        const first = keys.findIndex((k) => k?.value === keys[repeated]!.value);
        if (first >= 0 && first !== repeated) found = { key: keys[repeated]!.value, first: keys[first]!.start ?? 0 };
        return visit.BREAK;
      },
    });
    if (found) {
      const first = lines.linePos(found.first);
      return `${here}: ${found.key} is given twice (first at line ${first.line}, column ${first.col}): a key may appear only once`;
    }
    return `${here}: ${message}`;
  }
  const closer = /end with an? ([}\]])/.exec(message)?.[1];
  if (closer) {
    // An unclosed { or [ is found where the plan goes on without it: point at the opening.
    let open: Node | undefined;
    visit(doc, {
      Collection(_, node) {
        const flow = (isMap(node) && closer === '}') || (isSeq(node) && closer === ']');
        if (flow && node.flow && node.range?.[1] === error.pos[0] && (!open || node.range[0] > open.range![0])) open = node;
      },
    });
    const reached = error.pos[0] >= text.trimEnd().length ? 'the end of the file' : `line ${at.line}, column ${at.col}`;
    if (open?.range) {
      const o = lines.linePos(open.range[0]);
      return `${file}:${o.line}:${o.col}: this ${closer === '}' ? '{' : '['} is never closed: no ${closer} before ${reached}`;
    }
    return `${here}: ${message}`;
  }
  return `${here}: ${message}`;
}

/** Aliases (`*name`) may repeat an anchored value, but not blow up into a huge plan. */
const MAX_ALIAS_COUNT = 100;

function toData(doc: Document, lines: LineCounter, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    // The aliases that cannot be resolved, or the first alias of a document that expands too far.
    const aliases: Alias[] = [];
    visit(doc, {
      Alias(_, node) {
        aliases.push(node);
      },
    });
    const unresolved = aliases.find((a) => a.resolve(doc) === undefined);
    const culprit = unresolved ?? aliases[0];
    const at = culprit?.range ? lines.linePos(culprit.range[0]) : { line: 1, col: 1 };
    const where = `${file}:${at.line}:${at.col}`;
    if (unresolved) throw new PlanInvalid([`${where}: *${unresolved.source} refers to no anchor &${unresolved.source} before it`]);
    throw new PlanInvalid([
      `${where}: the plan's aliases (*${culprit?.source ?? '…'}) expand to too much: nested anchors and aliases repeat ` +
        `values more than ${MAX_ALIAS_COUNT} times (a "billion laughs" document). A plan needs no such repetition: write the values out`,
    ]);
  }
}

export function parsePlan(text: string, file = 'plan.yaml'): Plan {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new PlanInvalid([...new Set(doc.errors.map((e) => yamlProblem(e, doc, text, lines, file)))]);
  }
  if (doc.contents === null) throw new PlanInvalid([`${file}:1:1: the plan is empty: it needs at least a list of comparisons (see fixtures/plans/building-choices.yaml)`]);
  const parsed = planSchema.safeParse(toData(doc, lines, file));
  if (parsed.success) return parsed.data;
  throw new PlanInvalid(
    parsed.error.issues.flatMap((issue) => {
      const node = nodeAt(doc.contents as Node | null, issue.path);
      const locate = (n: Node | null) => (n?.range ? lines.linePos(n.range[0]) : { line: 1, col: 1 });
      if (issue.code === 'unrecognized_keys') {
        // One problem per unknown key, at the key itself.
        const allowed = keysAllowedAt(issue.path);
        return issue.keys.map((key) => {
          const at = locate(keyNode(node, key) ?? node);
          const known = allowed.length ? `; the keys here are: ${allowed.join(', ')}` : '';
          return `${file}:${at.line}:${at.col}: ${describePath(issue.path)}: unknown key ${key}${didYouMeanHint(key, allowed)}${known}`;
        });
      }
      const at = locate(node);
      return [`${file}:${at.line}:${at.col}: ${describePath(issue.path)}: ${issue.message}`];
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

/** A plan's identity in the run registry and the manifest: the SHA-256 of its text, as given. */
export function planFileSha256(text: Uint8Array | string): string {
  return createHash('sha256').update(text).digest('hex');
}
