import { createCipheriv, createDecipheriv, createHash, createHmac } from 'node:crypto';
import type { SecretSealer } from '../../ports/secrets.ts';
import { randomBytesFromPool } from './random-token.ts';

/**
 * Encrypts secrets kept at rest (session signature tokens, bank session handles) with AES-256-GCM.
 *
 * A sealed value names the key that sealed it (`v1.<keyId>.<iv>.<ciphertext>.<tag>`), so the key can be
 * rotated without losing open sessions: seal with the new key, keep the old one in the ring to open what
 * it sealed until those sessions have expired.
 */
export class SecretBox implements SecretSealer {
  private readonly keys: Map<string, Buffer>;
  private readonly currentId: string;

  /** `keys[0]` seals; every key opens. Each key is 32 bytes. */
  constructor(keys: readonly Buffer[]) {
    const [current] = keys;
    if (!current) throw new Error('SecretBox needs at least one key');
    this.keys = new Map();
    for (const key of keys) {
      if (key.length !== 32) throw new Error('secret keys must be 32 bytes');
      this.keys.set(keyId(key), key);
    }
    this.currentId = keyId(current);
  }

  /**
   * A key for one purpose, derived from the current key (HMAC-SHA256 of the purpose), e.g. to keep keyed
   * digests of personal data. It changes when the key is rotated.
   */
  derivedKey(purpose: string): Buffer {
    return createHmac('sha256', this.keyFor(this.currentId)).update(`puente:${purpose}`).digest();
  }

  seal(plaintext: string): string {
    const iv = randomBytesFromPool(12);
    const cipher = createCipheriv('aes-256-gcm', this.keyFor(this.currentId), iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [
      'v1',
      this.currentId,
      iv.toString('base64url'),
      ciphertext.toString('base64url'),
      tag.toString('base64url'),
    ].join('.');
  }

  open(sealed: string): string {
    const [version, id, iv, ciphertext, tag] = sealed.split('.');
    if (version !== 'v1' || !id || !iv || ciphertext === undefined || !tag)
      throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.keyFor(id), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  private keyFor(id: string): Buffer {
    const key = this.keys.get(id);
    if (!key) throw new Error(`sealed with key ${id}, which is not in the key ring`);
    return key;
  }
}

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Keys are written as 64 hex characters or as base64 of 32 bytes. */
export function parseSecretKey(text: string): Buffer | null {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  return key.length === 32 ? key : null;
}
