import { describe, expect, it } from 'vitest';
import { ProviderStorage } from '../../src/bank-simulator/open-finance/provider-storage.ts';

const clients = () => undefined;

describe('the model banks’ authorisation store', () => {
  it('finds an entry by uid and by user code within one bank’s model only', async () => {
    const storage = new ProviderStorage(clients);
    const sessions = storage.adapterFor('cl_test')('Session');
    const otherBank = storage.adapterFor('cl_bancoestado')('Session');
    const interactions = storage.adapterFor('cl_test')('Interaction');
    await sessions.upsert('s1', { uid: 'u1', userCode: 'ABCD' }, 60);
    await otherBank.upsert('s1', { uid: 'u2' }, 60);

    expect(await sessions.findByUid('u1')).toMatchObject({ uid: 'u1' });
    expect(await sessions.findByUserCode('ABCD')).toMatchObject({ uid: 'u1' });
    expect(await otherBank.findByUid('u1')).toBeUndefined();
    expect(await interactions.findByUid('u1')).toBeUndefined();
    expect(await otherBank.findByUid('u2')).toMatchObject({ uid: 'u2' });
  });

  it('follows an entry saved again with another uid, and forgets it once destroyed', async () => {
    const storage = new ProviderStorage(clients);
    const sessions = storage.adapterFor('cl_test')('Session');
    await sessions.upsert('s1', { uid: 'u1' }, 60);
    await sessions.upsert('s1', { uid: 'u9' }, 60);
    expect(await sessions.findByUid('u1')).toBeUndefined();
    expect(await sessions.findByUid('u9')).toMatchObject({ uid: 'u9' });

    await sessions.destroy('s1');
    expect(await sessions.findByUid('u9')).toBeUndefined();
    expect(storage.size).toBe(0);
  });

  it('revokes every entry of a grant at that bank, whatever its model, and nothing else', async () => {
    const storage = new ProviderStorage(clients);
    const at = (bank: string, model: string) => storage.adapterFor(bank)(model);
    await at('cl_test', 'AuthorizationCode').upsert('c1', { grantId: 'g1' }, 60);
    await at('cl_test', 'AccessToken').upsert('t1', { grantId: 'g1' }, 60);
    await at('cl_test', 'AccessToken').upsert('t2', { grantId: 'g2' }, 60);
    await at('cl_bancoestado', 'AccessToken').upsert('t1', { grantId: 'g1' }, 60);

    await at('cl_test', 'Grant').revokeByGrantId?.('g1');

    expect(await at('cl_test', 'AuthorizationCode').find('c1')).toBeUndefined();
    expect(await at('cl_test', 'AccessToken').find('t1')).toBeUndefined();
    expect(await at('cl_test', 'AccessToken').find('t2')).toMatchObject({ grantId: 'g2' });
    expect(await at('cl_bancoestado', 'AccessToken').find('t1')).toMatchObject({ grantId: 'g1' });
    expect(storage.keysOfGrant('cl_test', 'g1')).toEqual([]);
  });

  it('does not find an expired entry, and drops it with its lookups', () => {
    const storage = new ProviderStorage(clients);
    const now = Date.now();
    storage.set('cl_test:Session:s1', { uid: 'u1', grantId: 'g1' }, 10, now);
    expect(storage.findBy('cl_test:Session', 'uid', 'u1')).toMatchObject({ uid: 'u1' });

    expect(storage.get('cl_test:Session:s1', now + 10_000)).toBeUndefined();
    expect(storage.findBy('cl_test:Session', 'uid', 'u1')).toBeUndefined();
    expect(storage.keysOfGrant('cl_test', 'g1')).toEqual([]);
    expect(storage.size).toBe(0);
  });

  it('sweeps expired entries and their lookups when a new entry is saved a minute later', () => {
    const storage = new ProviderStorage(clients);
    const now = Date.now();
    storage.set('cl_test:Session:s1', { uid: 'u1', grantId: 'g1' }, 10, now - 61_000);
    storage.set('cl_test:Session:s2', { uid: 'u2' }, 3_600, now);
    expect(storage.size).toBe(1);
    expect(storage.keysOfGrant('cl_test', 'g1')).toEqual([]);
    expect(storage.findBy('cl_test:Session', 'uid', 'u2')).toMatchObject({ uid: 'u2' });
  });
});
