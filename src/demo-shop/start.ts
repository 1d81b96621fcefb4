import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Puente } from '../../packages/sdk/src/index.ts';
import { buildDemoShop } from './app.ts';
import { DemoOrderStore } from './order-store.ts';

/** The shop's own settings (it is a separate application, so they are not the gateway's). */
const settingsSchema = z.object({
  /** `npm start` runs the shop next to the gateway in sandbox unless this is `false`. */
  PUENTE_DEMO_SHOP: z.enum(['true', 'false']).default('true'),
  PUENTE_DEMO_SHOP_PORT: z.coerce.number().int().min(0).max(65_535).default(8082),
  /** Where browsers and the gateway reach the shop; default `http://localhost:<port>`. */
  PUENTE_DEMO_SHOP_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL')
    .optional(),
});

export function demoShopSettings(env: NodeJS.ProcessEnv = process.env) {
  const parsed = settingsSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== '')),
  );
  if (!parsed.success) {
    throw new Error(
      `Invalid demo shop settings:\n${parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n')}`,
    );
  }
  return parsed.data;
}

/** Where browsers reach the shop: `PUENTE_DEMO_SHOP_URL`, or `http://localhost:<port>`. */
export function demoShopUrl(settings: ReturnType<typeof demoShopSettings>): string {
  return settings.PUENTE_DEMO_SHOP_URL ?? `http://localhost:${settings.PUENTE_DEMO_SHOP_PORT}`;
}

/**
 * The shop's origin, to register as a frame origin for its widget; null when it is not known before it
 * listens (port 0 without `PUENTE_DEMO_SHOP_URL`: any free port).
 */
export function demoShopOrigin(settings: ReturnType<typeof demoShopSettings>): string | null {
  if (!settings.PUENTE_DEMO_SHOP_URL && settings.PUENTE_DEMO_SHOP_PORT === 0) return null;
  return new URL(demoShopUrl(settings)).origin;
}

export interface StartDemoShopOptions {
  apiUrl: string;
  paymentUrl: string;
  merchantCode: string;
  apiToken: string;
  port: number;
  host: string;
  publicUrl?: string;
  /** Orders are kept in `<dataDir>/demo-shop/orders.json`. */
  dataDir: string;
  environment: 'sandbox' | 'production';
  logger?: boolean;
}

/** Builds and starts the demo shop; returns it with the URL it is reached at. */
export async function startDemoShop(
  options: StartDemoShopOptions,
): Promise<{ app: FastifyInstance; url: string }> {
  const publicUrl = options.publicUrl ?? `http://localhost:${options.port}`;
  const app = await buildDemoShop({
    puente: new Puente({
      apiUrl: options.apiUrl,
      paymentUrl: options.paymentUrl,
      merchantCode: options.merchantCode,
      apiToken: options.apiToken,
    }),
    orders: new DemoOrderStore(resolve(join(options.dataDir, 'demo-shop', 'orders.json'))),
    publicUrl,
    gatewayPaymentUrl: options.paymentUrl,
    environment: options.environment,
    logger: options.logger ?? false,
  });
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await app.close();
    throw error;
  }
  return { app, url: publicUrl };
}
