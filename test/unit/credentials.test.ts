import { describe, expect, it } from 'vitest';
import { NodeCredentials } from '../../src/adapters/crypto/node-credentials.ts';

const credentials = new NodeCredentials();

describe('NodeCredentials', () => {
  it('makes random tokens of the asked length and alphabet', () => {
    expect(credentials.newToken()).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(credentials.newToken(16, 'abc')).toMatch(/^[abc]{16}$/);
    expect(credentials.newToken()).not.toBe(credentials.newToken());
  });

  it('hashes a token to the same 32 bytes every time, and different tokens differently', () => {
    const token = credentials.newToken();
    expect(credentials.hashToken(token)).toHaveLength(32);
    expect(credentials.hashToken(token).equals(credentials.hashToken(token))).toBe(true);
    expect(credentials.hashToken(token).equals(credentials.hashToken(`${token}x`))).toBe(false);
  });

  it('verifies a password only against its own hash, and never against no hash', async () => {
    const stored = await credentials.hashPassword('correct horse battery');
    expect(stored).not.toContain('correct horse battery');
    expect(await credentials.verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await credentials.verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await credentials.verifyPassword('correct horse battery', null)).toBe(false);
    expect(await credentials.hashPassword('correct horse battery')).not.toBe(stored);
  });
});
