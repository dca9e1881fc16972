/**
 * Progress for long work: a bar on a terminal, plain lines for logs and tests, or nothing.
 * Progress always goes to stderr, so stdout stays clean for `--json`.
 */
import cliProgress from 'cli-progress';

export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none';

export interface ProgressReporter {
  update(label: string, done: number, total: number, detail?: string): void;
  stop(): void;
}

export function progressReporter(mode: ProgressMode, unit: 'bytes' | 'people'): ProgressReporter {
  const resolved = mode === 'auto' ? (process.stderr.isTTY ? 'bar' : 'none') : mode;
  if (resolved === 'none') return { update() {}, stop() {} };
  if (resolved === 'lines') {
    return {
      update(label, done, total, detail) {
        process.stderr.write(`progress ${label} ${done}/${total} ${unit}${detail ? ` ${detail}` : ''}\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: ` {bar} {percentage}% | {label} {detail} | eta {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(label, done, total, detail = '') {
      if (!started) {
        bar.start(total, 0, { label, detail });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { label, detail });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
