import { openServices, type Services } from '../composition.ts';
import { loadConfig } from '../config.ts';

/** Runs one CLI command with the configured database open, and closes it (releasing the embedded lock). */
export async function withServices(work: (services: Services) => Promise<void>): Promise<void> {
  const services = await openServices(loadConfig());
  try {
    await work(services);
  } finally {
    await services.close();
  }
}
