import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../config.ts';
import { parseSecretKey, SecretBox } from './secret-box.ts';

/**
 * The key ring for secrets at rest: `PUENTE_SECRET_KEY` (required in production) first, then any
 * `PUENTE_SECRET_KEY_PREVIOUS` keys. Without a key (sandbox), one is generated once into the data folder,
 * so an embedded deployment keeps opening what it sealed across restarts.
 */
export function loadSecretBox(settings: {
  PUENTE_SECRET_KEY?: string | undefined;
  PUENTE_SECRET_KEY_PREVIOUS?: string | undefined;
  PUENTE_DATA_DIR: string;
}): SecretBox {
  const previous = (settings.PUENTE_SECRET_KEY_PREVIOUS ?? '')
    .split(',')
    .map((text) => text.trim())
    .filter(Boolean)
    .map((text, index) => parseKey(text, `PUENTE_SECRET_KEY_PREVIOUS (key ${index + 1})`));
  const current = settings.PUENTE_SECRET_KEY
    ? parseKey(settings.PUENTE_SECRET_KEY, 'PUENTE_SECRET_KEY')
    : generatedKey(settings.PUENTE_DATA_DIR);
  return new SecretBox([current, ...previous]);
}

function parseKey(text: string, name: string): Buffer {
  const key = parseSecretKey(text);
  if (!key) throw new ConfigError(`${name}: must be 32 bytes, written as 64 hex characters or in base64`);
  return key;
}

function generatedKey(dataDir: string): Buffer {
  const path = join(dataDir, 'secret.key');
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return parseKey(readFileSync(path, 'utf8'), path);
}
