/**
 * `progeval open OUT` (pipeline/cli/commands/open.ts): prints the report's path and address,
 * opens a browser only where there is a desktop, and refuses a folder that holds no report
 * with exit 2, naming it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { browserOpener } from '../../../pipeline/cli/commands/open.ts';
import { scratchDir } from '../../support/extracts.ts';
import { runCli } from '../../support/runCli.ts';

describe('progeval open', () => {
  const out = scratchDir('progeval-open-');
  writeFileSync(join(out, 'report.html'), '<!doctype html><title>r</title>');

  it("prints the report's path and file:// address (no browser with --print)", async () => {
    const run = await runCli('open', out, '--print');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${join(out, 'report.html')}\n${pathToFileURL(join(out, 'report.html')).href}\n`);
  });

  it('prints JSON for machines', async () => {
    const run = await runCli('open', out, '--print', '--json');
    expect(JSON.parse(run.stdout)).toEqual({ report: join(out, 'report.html'), url: pathToFileURL(join(out, 'report.html')).href, opened: false });
  });

  it('refuses a folder with no report, and one that does not exist, with exit 2 naming it', async () => {
    const empty = scratchDir('progeval-open-empty-');
    mkdirSync(empty, { recursive: true });
    const none = await runCli('open', empty);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`${empty}: holds no report.html`);
    const missing = await runCli('open', join(empty, 'nope'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such folder');
  });

  it('opens a browser only where there is a desktop to open it on', () => {
    expect(browserOpener('linux', {})).toBeNull();
    expect(browserOpener('linux', { DISPLAY: ':0', CI: 'true' })).toBeNull();
    expect(browserOpener('linux', { DISPLAY: ':0' })?.command).toBe('xdg-open');
    expect(browserOpener('darwin', {})?.command).toBe('open');
    expect(browserOpener('win32', {})?.args('C:\\r.html')).toEqual(['/c', 'start', '""', 'C:\\r.html']);
  });
});
