import { closeSync, ftruncateSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServices, type Services } from '../../src/composition.ts';
import { loadConfig } from '../../src/config.ts';
import { directTransferDeps } from '../../src/http/funnel/funnel-request.ts';
import { chooseDirectTransfer } from '../../src/use-cases/direct-transfer/choose-direct-transfer.ts';
import { setCollectingAccount } from '../../src/use-cases/direct-transfer/set-collecting-account.ts';
import { runCli } from '../support/cli.ts';
import { childDatabaseEnv } from '../support/database.ts';
import { createTestMerchant } from '../support/services.ts';
import { writeStatementCsv, writeStatementXlsx } from '../support/statement-files.ts';
import { storeSession } from '../support/stored-session.ts';

let env: Record<string, string>;
let drop: () => Promise<void>;
const dir = mkdtempSync(join(tmpdir(), 'puente-statements-'));
let merchantCode: string;
const payments: { token: string; reference: string; amount: number }[] = [];

async function withGateway<T>(work: (services: Services) => Promise<T>): Promise<T> {
  const services = await openServices(loadConfig(env));
  try {
    return await work(services);
  } finally {
    await services.close();
  }
}

/** What a refused file must leave untouched. */
const snapshot = () =>
  withGateway(async (services) => ({
    movements: await services.db.query(
      'select movement_id, status, session_id from statement_movements order by id',
    ),
    imports: await services.db.query('select id from statement_imports order by id'),
    sessions: await services.db.query('select token, payment_status from payment_sessions order by id'),
  }));

beforeAll(async () => {
  ({ env, drop } = await childDatabaseEnv(mkdtempSync(join(tmpdir(), 'puente-cli-'))));
  env.PUENTE_SECRET_KEY = 'c'.repeat(64);
  await withGateway(async (services) => {
    const { merchant } = await createTestMerchant(services);
    merchantCode = merchant.code;
    await setCollectingAccount(services, merchant, {
      bankCode: 'cl_santander',
      accountType: 'vista',
      accountNumber: '0070123456',
      holderName: 'Librería Austral Ltda.',
      holderRut: '76.543.210-3',
      notificationEmail: 'caja@libreria.example',
    });
    for (const amount of [21_990, 8_500]) {
      const session = await storeSession(services, merchant.id, { orderAmount: amount });
      const view = await services.funnels.loadById(session.id);
      if (!view) throw new Error('no funnel');
      const result = await chooseDirectTransfer(directTransferDeps(services), view);
      expect(result?.applied).toBe(true);
      const opened = await services.directTransfers.directTransferOf(session.id);
      payments.push({ token: session.token, reference: opened?.reference ?? '', amount });
    }
  });
}, 120_000);

afterAll(async () => {
  await drop();
});

const statusOf = (token: string) =>
  withGateway(async (services) => (await services.sessions.findByToken(token))?.paymentStatus);

describe('puente movements import', { timeout: 180_000 }, () => {
  it('imports a CSV and an XLSX statement: each pays its payment, and a second import changes nothing', async () => {
    const [csvPayment, xlsxPayment] = payments as [(typeof payments)[0], (typeof payments)[0]];
    const csv = writeStatementCsv(dir, 'cartola.csv', [
      {
        id: 'C-1',
        fecha: '01-12-2026',
        monto: '21.990',
        descripcion: `Pedido ${csvPayment.reference}`,
        rut: '11.111.111-1',
      },
      { id: 'C-2', fecha: '01-12-2026', monto: '-3.000', descripcion: 'Comisión' },
      { id: 'C-3', fecha: '01-12-2026', monto: 5000, descripcion: 'Otro abono' },
    ]);
    const first = await runCli(['movements', 'import', '--merchant', merchantCode, csv], env);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toEqual({
      movements: 2,
      new: 2,
      matched: 1,
      to_review: 0,
      initiated: 0,
      unmatched: 1,
    });
    expect(await statusOf(csvPayment.token)).toBe('success');

    const xlsx = writeStatementXlsx(dir, 'cartola.xlsx', [
      {
        id: 'X-1',
        fecha: '2026-12-02',
        monto: 8500,
        descripcion: `ref ${xlsxPayment.reference.toLowerCase()}`,
      },
    ]);
    const fromXlsx = await runCli(['movements', 'import', '--merchant', merchantCode, xlsx], env);
    expect(fromXlsx.stderr).toBe('');
    expect(JSON.parse(fromXlsx.stdout)).toMatchObject({ new: 1, matched: 1 });
    expect(await statusOf(xlsxPayment.token)).toBe('success');

    const before = await snapshot();
    for (const file of [csv, xlsx]) {
      const again = await runCli(['movements', 'import', '--merchant', merchantCode, file], env);
      expect(JSON.parse(again.stdout)).toMatchObject({ new: 0, matched: 0, to_review: 0 });
    }
    const after = await snapshot();
    expect(after.movements).toEqual(before.movements);
    expect(after.sessions).toEqual(before.sessions);
    const events = await withGateway((services) => services.db.query('select id from webhook_events'));
    expect(events).toHaveLength(2);
  });

  it('refuses bad files with a clear message and changes nothing', async () => {
    const before = await snapshot();
    const wrongColumns = join(dir, 'wrong.csv');
    writeFileSync(wrongColumns, 'fecha,importe,glosa\n01-12-2026,1000,hola\n');
    const huge = join(dir, 'huge.csv');
    const handle = openSync(huge, 'w');
    ftruncateSync(handle, 50 * 1024 * 1024);
    closeSync(handle);
    const formulaCsv = writeStatementCsv(dir, 'formula.csv', [
      { id: 'F-1', fecha: '01-12-2026', monto: 1000, descripcion: '=HYPERLINK("http://evil.example","x")' },
    ]);
    const formulaXlsx = writeStatementXlsx(
      dir,
      'formula.xlsx',
      [{ id: 'F-2', fecha: '2026-12-01', monto: 2, descripcion: 'x' }],
      { formula: true },
    );
    const latin1 = join(dir, 'latin1.csv');
    writeFileSync(
      latin1,
      Buffer.from('id,fecha,monto,descripcion\nL-1,01-12-2026,1000,Pago Peñalolén\n', 'latin1'),
    );

    const cases: [string, RegExp][] = [
      [wrongColumns, /does not have the columns of layout "generic": missing "id", "monto", "descripcion"/],
      [huge, /50\.0 MB; statement files are limited to 10 MB/],
      [formulaCsv, /row 2, column 4 holds a spreadsheet formula/],
      [formulaXlsx, /cell C2 of sheet1\.xml holds a spreadsheet formula/],
      [latin1, /not UTF-8 text; save it as "CSV UTF-8"/],
    ];
    for (const [file, message] of cases) {
      const refused = await runCli(['movements', 'import', '--merchant', merchantCode, file], env);
      expect(refused.code, file).toBe(1);
      expect(refused.stderr).toMatch(message);
      expect(refused.stderr).toContain('Nothing was imported.');
    }
    expect(await snapshot()).toEqual(before);
  });
});
