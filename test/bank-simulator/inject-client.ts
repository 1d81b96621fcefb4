import type { BankSimulator } from '../../src/bank-simulator/app.ts';

/** Thin helpers that drive the simulator's bank API through `inject()` (no socket). */
export function injectClient(app: BankSimulator, bank: string) {
  const post = async (path: string, body: unknown, session?: string) => {
    const response = await app.inject({
      method: 'POST',
      url: `/banks/${bank}${path}`,
      headers: session ? { authorization: `Bearer ${session}` } : {},
      payload: body as Record<string, unknown>,
    });
    return { status: response.statusCode, body: response.json() };
  };
  const get = async (path: string, session?: string) => {
    const response = await app.inject({
      method: 'GET',
      url: `/banks/${bank}${path}`,
      headers: session ? { authorization: `Bearer ${session}` } : {},
    });
    return { status: response.statusCode, body: response.json() };
  };
  return {
    login: (rut: string, password = '1234') => post('/login', { rut, password }),
    answer: (session: string, answer: Record<string, unknown>) => post('/second-factor', answer, session),
    accounts: (session: string) => get('/accounts', session),
    transfer: (
      session: string,
      order: Partial<TransferBody> & { account_id: string; idempotency_key: string },
    ) => post('/transfers', { amount: 50_000, recipient: RECIPIENT, description: 'OC-1', ...order }, session),
    status: (key: string) => get(`/transfers/${encodeURIComponent(key)}`),
    statement: (account: string) => get(`/statement?account=${encodeURIComponent(account)}`),
    /** Logs in with the right password and passes the second factor of a code-based bank (or none). */
    async openSession(rut: string): Promise<{ session: string; accounts: { id: string; number: string }[] }> {
      const login = await post('/login', { rut, password: '1234' });
      const session = login.body.session_id as string;
      const type = login.body.second_factor.type as string;
      if (type === 'otp') await post('/second-factor', { type, code: '123456' }, session);
      if (type === 'none' || type === 'app') await post('/second-factor', { type }, session);
      if (type === 'coordinates') await post('/second-factor', { type, values: ['11', '22', '33'] }, session);
      const accounts = await get('/accounts', session);
      return { session, accounts: accounts.body.accounts ?? [] };
    },
  };
}

interface TransferBody {
  amount: number;
  recipient: { account: string; name: string; rut: string };
  description: string;
}

export const RECIPIENT = { account: 'puente:M-TEST', name: 'Tienda de Prueba', rut: '76.543.210-3' };

export async function adminGet(app: BankSimulator, url: string) {
  const response = await app.inject({ method: 'GET', url });
  return response.json();
}

export async function setFaults(app: BankSimulator, bank: string, faults: Record<string, unknown>) {
  const response = await app.inject({ method: 'PUT', url: `/admin/banks/${bank}/faults`, payload: faults });
  if (response.statusCode !== 200) throw new Error(response.body);
}
