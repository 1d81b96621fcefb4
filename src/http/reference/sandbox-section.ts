import {
  BANK_PROFILES,
  SANDBOX_CODE,
  SANDBOX_COORDINATE_VALUES,
  SANDBOX_PASSWORD,
  type SecondFactorKind,
} from '../../bank-simulator/bank-profiles.ts';
import { type PayerScenario, TEST_PAYERS } from '../../bank-simulator/test-payers.ts';
import { formatRut } from '../../domain/rut.ts';
import { type Html, html } from '../html.ts';

/** What each test payer does, for every scenario the simulator has (exhaustive: a new one needs a line). */
const SCENARIOS: Record<PayerScenario, string> = {
  success: 'pays: status success',
  insufficient_funds: 'insufficient funds; the payer may try again',
  blocked: 'account blocked',
  second_factor_refused: 'second factor refused',
  second_factor_timed_out: 'second factor times out',
  pending_then_confirmed: 'transfer pending, confirmed a few seconds later',
  transfer_rejected: 'transfer refused by the bank; the payer may try again',
  three_accounts: 'three accounts to choose from, then pays',
  bank_unavailable: 'the bank is unavailable',
  over_daily_limit: 'over the daily transfer limit; the payer may try again',
};

const SECOND_FACTORS: Record<SecondFactorKind, string> = {
  none: 'none',
  app: 'approval in the bank’s app (arrives by itself after about 2 s)',
  code: `a ${SANDBOX_CODE.length}-digit code: ${SANDBOX_CODE}`,
  coordinates: `a coordinate card: ${SANDBOX_COORDINATE_VALUES.join(', ')}`,
};

/** The sandbox's test payers and second factors, read from the bank simulator itself. */
export function sandboxSection(): Html {
  return html`<section aria-labelledby="sandbox"><h2 id="sandbox">Sandbox</h2>
<p>A sandbox merchant pays at the bank simulator: every bank is simulated, and the test payers are the same in every bank. The RUT decides what happens. Password <code>${SANDBOX_PASSWORD}</code> for everyone (any other is a wrong password; three end the attempt). Any other valid RUT pays. <code>cl_test</code> (Banco de Pruebas) asks for no second factor and is only for sandbox merchants.</p>
<div class="table-scroll" tabindex="0" role="region" aria-label="Test payers"><table><caption>Test payers</caption><thead><tr><th scope="col">RUT</th><th scope="col">what happens</th><th scope="col">holder</th></tr></thead><tbody>${TEST_PAYERS.map(
    (payer) =>
      html`<tr><th scope="row"><code>${formatRut(payer.rut)}</code></th><td>${SCENARIOS[payer.scenario]}</td><td>${payer.holderName}</td></tr>`,
  )}</tbody></table></div>
<div class="table-scroll" tabindex="0" role="region" aria-label="Second factor of each bank"><table><caption>Second factor of each bank</caption><thead><tr><th scope="col">bank</th><th scope="col">code</th><th scope="col">second factor in the sandbox</th></tr></thead><tbody>${BANK_PROFILES.map(
    (bank) =>
      html`<tr><th scope="row">${bank.name}</th><td><code>${bank.code}</code></td><td>${SECOND_FACTORS[bank.secondFactor]}</td></tr>`,
  )}</tbody></table></div></section>`;
}
