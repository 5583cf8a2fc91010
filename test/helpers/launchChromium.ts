import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

/**
 * Chromium for browser tests, from the npm package `@sparticuz/chromium` (it ships the browser
 * inside itself), so a fresh machine needs no system browser and `npm ci` is all it takes.
 *
 * Our own flags, not `sparticuz.args`: those crash 143 on this machine kind. The
 * background-networking flags keep Chromium from dialling out of a closed network.
 *
 * @example
 * const browser = await launchChromium({ env: { LANG: 'C' } });
 */
export async function launchChromium(options: Pick<LaunchOptions, 'env'> = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: await sparticuz.executablePath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    ...options,
  });
}
