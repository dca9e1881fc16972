/**
 * Rendering a chart to SVG on the server: vega-lite compiles the spec to Vega, Vega's
 * headless view (renderer 'none') draws the scenegraph and serialises it as SVG. No browser,
 * no canvas and no network: chart data is inline, and a loader that refuses every request
 * makes sure nothing is fetched.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

type CompileLogger = NonNullable<NonNullable<Parameters<typeof compile>[1]>['logger']>;

/** A compiled chart: the Vega spec, and what vega-lite warned about while compiling it. */
export interface CompiledChart {
  vega: vega.Spec;
  warnings: string[];
}

/** A vega-lite logger that keeps warnings and errors instead of printing them. */
function collectingLogger(warnings: string[]): CompileLogger {
  let level = 2;
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: readonly unknown[]) {
      warnings.push(`error: ${args.map(String).join(' ')}`);
      return logger;
    },
    warn(...args: readonly unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger as unknown as CompileLogger;
}

/**
 * Compile a vega-lite spec to Vega, collecting vega-lite's warnings (an empty list means the
 * spec compiled cleanly).
 */
export function compileChart(spec: TopLevelSpec): CompiledChart {
  const warnings: string[] = [];
  const compiled = compile(spec, { logger: collectingLogger(warnings) });
  return { vega: compiled.spec as vega.Spec, warnings };
}

/** A Vega loader that refuses to load anything: charts carry their data inline. */
function offlineLoader(): vega.Loader {
  const refuse = (what: string) => Promise.reject(new Error(`renderSvg does not fetch anything (asked for ${what}): put the data inline`));
  const loader = vega.loader();
  loader.load = (uri) => refuse(uri);
  loader.sanitize = (uri) => refuse(uri);
  loader.http = (uri) => refuse(uri);
  loader.file = (file) => refuse(file);
  return loader;
}

/** The urls of data sources a compiled Vega spec would load (at any depth). */
function dataUrls(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(dataUrls);
  if (!node || typeof node !== 'object') return [];
  const entries = Object.entries(node as Record<string, unknown>);
  const own = entries.filter(([k]) => k === 'data').flatMap(([, v]) => (Array.isArray(v) ? v : [v]).filter((d) => d && typeof d === 'object' && 'url' in d).map((d) => String((d as { url: unknown }).url)));
  return [...own, ...entries.flatMap(([, v]) => dataUrls(v))];
}

/**
 * Render a vega-lite spec to an SVG document (a string starting `<svg`), headless: compile
 * with vega-lite, run a Vega View with renderer 'none', and serialise with `toSVG`.
 * Rejects a spec that would load data from a url (charts carry their data inline).
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega: compiled } = compileChart(spec);
  const urls = dataUrls(compiled);
  if (urls.length) throw new Error(`renderSvg does not fetch anything (the spec loads ${urls.join(', ')}): put the data inline`);
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader: offlineLoader() });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
