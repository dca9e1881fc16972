/** Debian's Chromium, driven by playwright-core: headless, sandbox off (CI runs as root), no background traffic. */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.PROGEVAL_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    ],
  });
}
