/**
 * Waiting politely for a lock another process holds, the same on every dialect: try at once;
 * if it is taken, tell the user once, then try again every `pollMs` until `waitSeconds` have
 * passed, and give up with `DatabaseBusy`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DatabaseBusy } from './errors.ts';

export interface LockWait {
  waitSeconds: number;
  onWait: (message: string) => void;
}

/** `tryLock` resolves to the lock when it got it, null when another holds it. */
export async function waitForLock<T>(tryLock: () => Promise<T | null>, wait: LockWait, message: string, holder: 'load' | 'run', pollMs = 250): Promise<T> {
  const first = await tryLock();
  if (first !== null) return first;
  wait.onWait(message);
  const deadline = Date.now() + wait.waitSeconds * 1000;
  for (;;) {
    await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())));
    const got = await tryLock();
    if (got !== null) return got;
    if (Date.now() >= deadline) throw new DatabaseBusy(wait.waitSeconds, holder);
  }
}
