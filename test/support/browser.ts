import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';

export { launchChromium } from './launch-chromium.ts';

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
