import type { BankCode } from '../../src/domain/banks.ts';
import { csrfOf, FunnelClient, formAction, type WalkResult, walkPayment } from './funnel-client.ts';
import { authorizeAtBank } from './model-bank-payer.ts';

/**
 * A payer through the open-finance funnel over HTTP: picks `bank` (unless preselected), presses "Continuar
 * en {banco}", authorises at the model bank's pages, comes back to Puente's callback, and follows the funnel
 * to its end. `callback` is where the bank sent the browser back (to replay or tamper with in tests).
 * `bankFetch` is how the payer's browser reaches the bank (see `authorizeAtBank`).
 */
export async function walkOpenFinancePayment(
  baseUrl: string,
  path: string,
  payer: { bank: BankCode; rut: string; decision?: 'authorise' | 'reject' | 'cancel' },
  bankFetch?: typeof fetch,
): Promise<WalkResult & { client: FunnelClient; callback: URL | null }> {
  const client = new FunnelClient(baseUrl);
  let page = await client.get(path);
  if (formAction(page.body, 'bank')) {
    const chosen = await client.post(formAction(page.body, 'bank') as string, {
      csrf: csrfOf(page.body),
      bank: payer.bank,
    });
    page = await client.get(chosen.location as string);
  }
  const action = formAction(page.body, 'continue-at-bank');
  if (!action) return { redirect: null, page: page.body, status: page.status, client, callback: null };
  const toBank = await client.post(action, { csrf: csrfOf(page.body) });
  if (toBank.status !== 303 || !toBank.location?.startsWith('http'))
    return { redirect: null, page: toBank.body, status: toBank.status, client, callback: null };
  const { callbackUrl } = await authorizeAtBank(toBank.location, payer, bankFetch);
  const back = await client.get(`${callbackUrl.pathname}${callbackUrl.search}`);
  if (back.status !== 303 || !back.location)
    return { redirect: null, page: back.body, status: back.status, client, callback: callbackUrl };
  // A payment the callback ended (paid, cancelled at the bank) goes straight back to the merchant.
  if (!back.location.startsWith('/'))
    return { redirect: back.location, page: '', status: 303, client, callback: callbackUrl };
  const rest = await walkPayment(client, back.location, { bank: payer.bank, rut: payer.rut });
  return { ...rest, client, callback: callbackUrl };
}
