import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/adapters/sql/migrate.ts';
import { PgliteDatabase } from '../../src/adapters/sql/pglite-database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/**
 * A new PGlite database takes seconds to initialise; a migrated one is made once per run and dumped, and
 * each test database starts from that dump in about a second.
 */
export default async function setup(project: TestProject) {
  const folder = mkdtempSync(join(tmpdir(), 'puente-test-'));
  const path = join(folder, 'pglite-template.tar.gz');
  if (!process.env.DATABASE_URL) {
    const db = await PgliteDatabase.open();
    await migrate(db);
    const dump = await db.pglite.dumpDataDir('gzip');
    writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
    await db.close();
  }
  project.provide('pgliteTemplate', path);
  return () => rmSync(folder, { recursive: true, force: true });
}
