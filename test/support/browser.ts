import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, headless, never downloading anything (see the brief). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Listens on loopback and returns the base URL under the name `localhost`, which browsers count as a
 * secure origin: the back-office's `Secure` cookies are kept over plain http there, as in production over https.
 */
export async function listenOnLoopback(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return `http://localhost:${port}`;
}

/** Saves a full-page screenshot when PUENTE_SCREENSHOTS names a folder (for docs and for looking). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env.PUENTE_SCREENSHOTS;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
}
