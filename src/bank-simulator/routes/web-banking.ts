import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { BANKS, parseBankCode } from '../../domain/banks.ts';
import { parseRut } from '../../domain/rut.ts';
import { html } from '../../http/html.ts';
import type { SimulatorState } from '../simulator-state.ts';

type Form = Record<string, string>;

/**
 * `GET/POST /web-banking`: a small web bank for trying direct transfers by hand. A test payer (any sandbox
 * RUT, password `1234`) sends a transfer from their first account at their bank to any account at any bank,
 * with a comment; the credit shows in the recipient bank's statement (`GET /banks/:bank/statement`), which
 * is what Puente polls in sandbox.
 */
export function webBankingRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    scope.get('/web-banking', async (request, reply) =>
      reply.type('text/html; charset=utf-8').send(page(request.query as Form, null)),
    );
    scope.post('/web-banking', async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      const outcome = transfer(state, form);
      return reply
        .code(outcome.ok ? 200 : 422)
        .type('text/html; charset=utf-8')
        .send(page(form, outcome));
    });
  });
}

type Outcome = { ok: true; reference: string } | { ok: false; message: string };

function transfer(state: SimulatorState, form: Form): Outcome {
  const from = state.bank(form.bank ?? '');
  const toBank = parseBankCode(form.to_bank ?? '');
  const amount = Number(form.amount);
  if (!from || !toBank) return { ok: false, message: 'Elige el banco de origen y el de destino.' };
  if (!Number.isSafeInteger(amount) || amount < 1)
    return { ok: false, message: 'El monto debe ser un número entero de pesos.' };
  if (!/^\d{4,20}$/.test(form.to_account ?? ''))
    return { ok: false, message: 'El número de cuenta de destino no es válido.' };
  const toRut = parseRut(form.to_rut ?? '');
  if (!toRut) return { ok: false, message: 'El RUT del destinatario no es válido.' };
  const checked = from.sessions.checkCredentials(form.rut ?? '', form.password ?? '');
  if (checked.result !== 'ok')
    return { ok: false, message: 'RUT o clave incorrectos (la clave de pruebas es 1234).' };
  const [account] = from.sessions.accounts({ payer: checked.payer });
  if (!account) return { ok: false, message: 'No tienes cuentas en este banco.' };
  const answer = from.transfers.transferAuthorised(
    {
      accountId: account.id,
      amount,
      recipient: {
        bank: toBank,
        accountType: null,
        account: form.to_account ?? '',
        name: form.to_name || 'Destinatario',
        rut: toRut,
      },
      idempotencyKey: `web-${randomBytes(12).toString('hex')}`,
      description: (form.comment ?? '').slice(0, 140),
    },
    checked.payer,
    Date.now(),
  );
  if (answer.result !== 'transfer') return { ok: false, message: 'El banco no pudo hacer la transferencia.' };
  if (answer.transfer.status === 'rejected') {
    return { ok: false, message: `Transferencia rechazada: ${answer.transfer.reason ?? 'rechazada'}.` };
  }
  return { ok: true, reference: answer.transfer.reference };
}

function page(form: Form, outcome: Outcome | null): string {
  const value = (name: string) => form[name] ?? '';
  const bankOptions = (name: string) =>
    BANKS.map(
      (bank) =>
        html`<option value="${bank.code}"${value(name) === bank.code ? ' selected' : ''}>${bank.name}</option>`,
    );
  const input = (name: string, label: string, type = 'text') =>
    html`<p><label for="${name}">${label}</label><br><input id="${name}" name="${name}" type="${type}" value="${type === 'password' ? '' : value(name)}"></p>`;
  return html`<!doctype html>
<html lang="es-CL"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Banca en línea de pruebas</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 34rem; margin: 2rem auto; padding: 0 1rem">
<h1>Banca en línea de pruebas</h1>
<p>Sandbox: sin dinero real. Cualquier RUT válido con la clave <strong>1234</strong>.</p>
${
  outcome
    ? outcome.ok
      ? html`<p role="status" id="result"><strong>Transferencia realizada.</strong> Comprobante ${outcome.reference}.</p>`
      : html`<p role="alert" id="result">${outcome.message}</p>`
    : ''
}
<form method="post" action="/web-banking">
<fieldset><legend>Tu banco</legend>
<p><label for="bank">Banco</label><br><select id="bank" name="bank">${bankOptions('bank')}</select></p>
${input('rut', 'RUT')}${input('password', 'Clave', 'password')}
</fieldset>
<fieldset><legend>Destinatario</legend>
<p><label for="to_bank">Banco</label><br><select id="to_bank" name="to_bank">${bankOptions('to_bank')}</select></p>
${input('to_account', 'Número de cuenta')}${input('to_name', 'Nombre')}${input('to_rut', 'RUT')}
</fieldset>
${input('amount', 'Monto (pesos)')}${input('comment', 'Comentario')}
<p><button type="submit">Transferir</button></p>
</form>
</body></html>`.text;
}
