import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSecretKey, SecretBox } from '../../src/adapters/crypto/secret-box.ts';

describe('SecretBox', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);

  it('opens what it sealed, and never shows the plaintext', () => {
    const box = new SecretBox([oldKey]);
    const sealed = box.seal('signature-token-123');
    expect(sealed).not.toContain('signature-token-123');
    expect(box.open(sealed)).toBe('signature-token-123');
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('keeps opening old values after a key rotation, and seals with the new key', () => {
    const sealedBefore = new SecretBox([oldKey]).seal('open session');
    const rotated = new SecretBox([newKey, oldKey]);
    expect(rotated.open(sealedBefore)).toBe('open session');
    const sealedAfter = rotated.seal('new session');
    expect(new SecretBox([newKey]).open(sealedAfter)).toBe('new session');
    expect(() => new SecretBox([oldKey]).open(sealedAfter)).toThrow(/not in the key ring/);
  });

  it('refuses a tampered value', () => {
    const box = new SecretBox([oldKey]);
    const parts = box.seal('amount=50000').split('.');
    parts[3] = Buffer.from('amount=99999').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
  });

  it('reads keys as hex or base64 and refuses other lengths', () => {
    expect(parseSecretKey(newKey.toString('hex'))?.equals(newKey)).toBe(true);
    expect(parseSecretKey(newKey.toString('base64'))?.equals(newKey)).toBe(true);
    expect(parseSecretKey('short')).toBeNull();
  });
});
