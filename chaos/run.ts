// `npm run chaos`: payments and webhooks under faults (issue 13 item 9). Starts its own PostgreSQL cluster,
// a bank simulator and one gateway (restarted by a supervisor whenever it dies), drives CHAOS_PAYMENTS payers
// through the funnel over HTTP while it SIGKILLs the gateway, stops and restarts PostgreSQL, injects bank
// timeouts, 5xx and lost transfer answers, and takes the webhook receiver down for minutes. Then it lets the
// system drain with every fault cleared and audits the simulator's ledger, the payments and the receiver.
// docs/operations.md has the runbook of each fault; docs/performance.md explains the figures.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { rutCheckDigit } from '../src/domain/rut.ts';
import {
  csrfOf,
  FunnelClient,
  formAction,
  type HttpAnswer,
  sleep,
  walkPayment,
} from '../test/support/funnel-client.ts';
import {
  createMerchantWithCli,
  freePort,
  type PuenteProcess,
  runPuente,
  waitUntilServing,
} from '../test/support/puente-process.ts';
import { startPrimaryCluster, type TemporaryCluster } from '../test/support/temporary-cluster.ts';
import { WebhookReceiver } from './receiver.ts';

const PAYMENTS = Number(process.env.CHAOS_PAYMENTS ?? 500);
/** How long the payers take to start every payment (they are paced over it), and the faults with them. */
const MINUTES = Number(process.env.CHAOS_MINUTES ?? 8);
/** How long the webhook receiver is down (answering 500) once in the run. */
const RECEIVER_OUTAGE_SECONDS = Number(process.env.CHAOS_RECEIVER_OUTAGE_SECONDS ?? 120);
const DRAIN_SECONDS = Number(process.env.CHAOS_DRAIN_SECONDS ?? 420);
const PAYERS = Number(process.env.CHAOS_PAYERS ?? 24);
const KEEP = process.env.CHAOS_KEEP === '1';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s`;
const say = (text: string) => console.log(`[chaos ${elapsed()}] ${text}`);

/** Waits before each webhook attempt: ~9 minutes in all, so a 2-minute outage is ridden out by retries. */
const RETRY_SCHEDULE = '0,5s,10s,20s,30s,60s,60s,60s,60s,60s,60s,60s';

interface PayerOutcome {
  token: string;
  /**
   * What the payer's browser was finally sent to: `success`, `cancel` (any other JWT); `review` when told the
   * transfer is being checked (they leave, as asked); or it never left.
   */
  ended: 'success' | 'cancel' | 'review' | 'never';
  /** For a payer who never left: the last answer they saw (status and page title). */
  lastSeen?: string;
}

async function main(): Promise<void> {
  const cluster = await startPrimaryCluster();
  say(`PostgreSQL cluster in ${cluster.dataDir}`);
  const receiver = new WebhookReceiver();
  const webhookUrl = await receiver.start();
  const simulatorPort = await freePort();
  const gatewayPort = await freePort();
  const baseUrl = `http://127.0.0.1:${gatewayPort}`;
  const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
  const env = {
    DATABASE_URL: cluster.url,
    DATABASE_POOL_SIZE: '10',
    DATABASE_CONNECT_TIMEOUT_MS: '3000',
    LOG_LEVEL: 'warn',
    PORT: String(gatewayPort),
    PUENTE_API_URL: baseUrl,
    PUENTE_PAYMENT_URL: baseUrl,
    PUENTE_API_RATE_LIMIT: '0',
    PUENTE_BANK_LOGIN_FAILURES_PER_ADDRESS: '100000',
    PUENTE_BANK_SIM_PORT: String(simulatorPort),
    PUENTE_BANK_SIM_URL: simulatorUrl,
    PUENTE_BANK_SIM_EMBEDDED: 'false',
    PUENTE_BANK_SIM_APPROVAL_DELAY_MS: '300',
    PUENTE_BANK_SIM_PENDING_DELAY_MS: '3000',
    PUENTE_BANK_TIMEOUT_MS: '3000',
    PUENTE_TRANSFER_RECHECK_SECONDS: '2',
    PUENTE_TRANSFER_LOST_AFTER_SECONDS: '30',
    PUENTE_REVIEW_RECHECK_SECONDS: '10',
    PUENTE_FUNNEL_SWEEP_SECONDS: '2',
    PUENTE_SESSION_TTL_MINUTES: '4',
    PUENTE_SHUTDOWN_SECONDS: '5',
    PUENTE_WEBHOOK_RETRY_SCHEDULE: RETRY_SCHEDULE,
    PUENTE_WEBHOOK_TIMEOUT_MS: '3000',
    PUENTE_WEBHOOK_ALLOW_PRIVATE: 'true',
  };
  const simulatorOutput: string[] = [];
  const simulator = runPuente(['bank-sim'], env, simulatorOutput);
  const merchant = await createMerchantWithCli(env, 'Tienda Caos');
  const gateway = new GatewaySupervisor(env, baseUrl);
  await gateway.start();
  say(`gateway ${baseUrl}, bank simulator ${simulatorUrl}, webhooks to ${webhookUrl}`);

  const faults = new FaultSchedule(cluster, gateway, receiver, simulatorUrl);
  const outcomes: PayerOutcome[] = [];
  try {
    const conductor = faults.run(MINUTES * 60_000);
    let next = 0;
    const payersStarted = Date.now();
    const spacing = (MINUTES * 60_000) / PAYMENTS;
    const payerLoop = async () => {
      while (next < PAYMENTS) {
        const index = next++;
        const due = payersStarted + index * spacing;
        if (due > Date.now()) await sleep(due - Date.now());
        outcomes.push(await pay(index, { baseUrl, merchant, webhookUrl, receiver }));
        if (outcomes.length % 50 === 0) say(`${outcomes.length} payers done`);
      }
    };
    const watchdog = setInterval(() => {
      for (const browser of browsers) {
        if (browser.current && Date.now() - browser.current.since > 20_000)
          say(
            `waiting ${((Date.now() - browser.current.since) / 1000).toFixed(0)} s for ${browser.current.what.slice(0, 60)}`,
          );
      }
    }, 15_000);
    await Promise.all(Array.from({ length: PAYERS }, payerLoop));
    clearInterval(watchdog);
    faults.stop();
    await conductor;
    say('payers done; every fault cleared, draining');
    const audit = await drainAndAudit(cluster.url, simulatorUrl, receiver, outcomes);
    say(
      `webhooks received ${receiver.deliveries} (refused while down ${receiver.refused}, invalid ${receiver.invalid})`,
    );
    say(`faults: ${faults.summary()}`);
    console.log(audit.details);
    console.log(audit.line);
    console.log(`chaos: ${((Date.now() - started) / 60_000).toFixed(1)} min in all`);
  } finally {
    await gateway.stop();
    simulator.child.kill('SIGTERM');
    await simulator.exited();
    await receiver.close();
    writeFileSync(join(cluster.dataDir, '..', 'gateway.log'), gateway.output.join(''));
    if (KEEP)
      console.log(`kept ${join(cluster.dataDir, '..')} (gateway.log, the server's log); stop it with pg_ctl`);
    else await cluster.remove();
  }
}

/** Runs `puente serve` and starts it again whenever it dies, as a process manager would. */
class GatewaySupervisor {
  readonly output: string[] = [];
  process: PuenteProcess | null = null;
  private stopping = false;
  restarts = 0;

  constructor(
    private readonly env: Record<string, string>,
    private readonly baseUrl: string,
  ) {}

  async start(): Promise<void> {
    this.launch();
    await waitUntilServing(this.baseUrl, this.output);
  }

  private launch(): void {
    const process = runPuente(['serve'], this.env, this.output);
    this.process = process;
    void process.exited().then(async (code) => {
      if (this.stopping) return;
      this.output.push(`[chaos] gateway exited (${code}); starting it again\n`);
      this.restarts++;
      await sleep(1000);
      if (!this.stopping) this.launch();
    });
  }

  /** Resolves once the gateway answers (it may be starting again after a kill). */
  async serving(): Promise<void> {
    for (;;) {
      try {
        if ((await fetch(`${this.baseUrl}/healthz`)).ok) return;
      } catch {}
      await sleep(500);
    }
  }

  kill(): void {
    this.process?.child.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const process = this.process;
    if (process && process.child.exitCode === null && process.child.signalCode === null) {
      process.child.kill('SIGTERM');
      await process.exited();
    }
  }
}

/** The faults, in turn, over the payers' time: each window opens, lasts, and is cleared. */
class FaultSchedule {
  private stopped = false;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly cluster: TemporaryCluster,
    private readonly gateway: GatewaySupervisor,
    private readonly receiver: WebhookReceiver,
    private readonly simulatorUrl: string,
  ) {}

  stop(): void {
    this.stopped = true;
  }

  summary(): string {
    return [...this.counts].map(([name, count]) => `${name} ×${count}`).join(', ');
  }

  private count(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  async run(durationMs: number): Promise<void> {
    const windows: [number, () => Promise<void>][] = [
      [0.05, () => this.bank('bank 5xx', { errorRate: 0.3 }, 30)],
      [0.12, () => this.receiverDown()],
      [0.2, () => this.postgres('fast', 10)],
      [0.3, () => this.bank('bank timeouts', { hangRate: 0.3 }, 30)],
      [0.42, () => this.bank('transfer answers lost', { answerLostRate: 0.5, operations: ['transfer'] }, 40)],
      [0.55, () => this.postgres('immediate', 20)],
      [0.62, () => this.receiverHang(45)],
      [
        0.7,
        () =>
          this.bank(
            'bank 5xx, timeouts, lost answers',
            { errorRate: 0.15, hangRate: 0.15, answerLostRate: 0.3 },
            40,
          ),
      ],
      [0.85, () => this.postgres('fast', 15)],
    ];
    const begin = Date.now();
    const pending: Promise<void>[] = [this.killGatewayNowAndThen(begin + durationMs)];
    for (const [at, fault] of windows) {
      const wait = begin + at * durationMs - Date.now();
      if (wait > 0) await this.sleepUnlessStopped(wait);
      if (this.stopped) break;
      pending.push(fault());
    }
    await Promise.all(pending);
    await this.setBankFaults({});
    this.receiver.recover();
  }

  /**
   * SIGKILL at a random moment 20–50 s after the gateway serves again (its start takes a while on a busy
   * machine): many payers are always mid-funnel, at random steps.
   */
  private async killGatewayNowAndThen(until: number): Promise<void> {
    while (!this.stopped && Date.now() < until) {
      await this.gateway.serving();
      await this.sleepUnlessStopped(20_000 + Math.random() * 30_000);
      if (this.stopped) return;
      say('SIGKILL the gateway');
      this.count('gateway SIGKILL');
      this.gateway.kill();
    }
  }

  private async postgres(mode: 'fast' | 'immediate', downSeconds: number): Promise<void> {
    say(`PostgreSQL stop (${mode}) for ${downSeconds} s`);
    this.count(`PostgreSQL ${mode} stop`);
    await this.cluster.stop(mode);
    await sleep(downSeconds * 1000);
    await this.cluster.start();
    say('PostgreSQL started again');
  }

  private async bank(name: string, faults: Record<string, unknown>, seconds: number): Promise<void> {
    say(`${name} for ${seconds} s`);
    this.count(name);
    await this.setBankFaults(faults);
    await sleep(seconds * 1000);
    await this.setBankFaults({});
  }

  private async receiverDown(): Promise<void> {
    say(`webhook receiver answers 500 for ${RECEIVER_OUTAGE_SECONDS} s`);
    this.count('receiver 500');
    this.receiver.mode = 'fail';
    await sleep(RECEIVER_OUTAGE_SECONDS * 1000);
    this.receiver.recover();
    say('webhook receiver back');
  }

  private async receiverHang(seconds: number): Promise<void> {
    say(`webhook receiver never answers for ${seconds} s`);
    this.count('receiver hang');
    this.receiver.mode = 'hang';
    await sleep(seconds * 1000);
    this.receiver.recover();
  }

  private async setBankFaults(faults: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${this.simulatorUrl}/admin/banks/cl_test/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    });
    if (!response.ok) throw new Error(`simulator faults: ${response.status} ${await response.text()}`);
  }

  private async sleepUnlessStopped(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!this.stopped && Date.now() < until) await sleep(Math.min(500, until - Date.now()));
  }
}

/** Requests the gateway never answered within a minute (each one a finding: nothing should hang). */
const hungRequests: string[] = [];
/** The payers' browsers, for the watchdog that reports requests in flight for long. */
const browsers = new Set<PayerBrowser>();

/** A payer's browser that gives up on an answer after a minute, as a person does, and says so. */
class PayerBrowser extends FunnelClient {
  current: { what: string; since: number } | null = null;

  override get(path: string) {
    return this.timed(`GET ${path}`, super.get(path));
  }

  override post(path: string, fields: Record<string, string | string[]>) {
    return this.timed(`POST ${path}`, super.post(path, fields));
  }

  override postJson(path: string, value: unknown) {
    return this.timed(`POST ${path}`, super.postJson(path, value));
  }

  private async timed(what: string, answer: Promise<HttpAnswer>): Promise<HttpAnswer> {
    this.current = { what, since: Date.now() };
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        hungRequests.push(
          `${what.replace(/[A-Za-z0-9]{64}/, (token) => `${token.slice(0, 6)}…`)} at ${elapsed()}`,
        );
        reject(new Error(`no answer to ${what}`));
      }, 60_000);
    });
    try {
      return await Promise.race([answer, deadline]);
    } finally {
      clearTimeout(timer);
      this.current = null;
    }
  }
}

function randomRut(): string {
  const body = String(13_000_000 + Math.floor(Math.random() * 6_000_000));
  return `${body}-${rutCheckDigit(body)}`;
}

/**
 * One payer: the shop creates the session (retrying while the gateway or its database is away), the payer
 * walks the funnel and, whatever happens, reloads the page and carries on, as people do; after a few failed
 * attempts at the bank they cancel; after PATIENCE they leave. Most pay; a few are the sandbox's
 * "pending then confirmed" and "transfer rejected" payers, and a few cancel at the confirmation.
 */
async function pay(
  index: number,
  shop: {
    baseUrl: string;
    merchant: { merchant_code: string; merchant_api_token: string };
    webhookUrl: string;
    receiver: WebhookReceiver;
  },
): Promise<PayerOutcome> {
  const kind = index % 25;
  const rut = kind === 3 || kind === 13 ? '55.555.555-5' : kind === 7 ? '66.666.666-6' : randomRut();
  const cancels = kind === 11;
  const merchantServer = new PayerBrowser(shop.baseUrl);
  let token = '';
  for (let attempt = 0; !token; attempt++) {
    try {
      const answer = await merchantServer.postJson('/session/initialize', {
        merchant_code: shop.merchant.merchant_code,
        merchant_api_token: shop.merchant.merchant_api_token,
        merchant_order_id: `CAOS-${index}`,
        order_amount: 1_000 + index,
        payment_webhook_url: shop.webhookUrl,
      });
      if (answer.status === 200) {
        const session = JSON.parse(answer.body) as { token: string; signature_token: string };
        shop.receiver.signatureTokens.set(session.token, session.signature_token);
        token = session.token;
      }
    } catch {}
    if (!token) await sleep(1000);
    if (attempt > 600) throw new Error(`payer ${index} never got a session`);
  }
  const browser = new PayerBrowser(shop.baseUrl);
  browsers.add(browser);
  try {
    return await walkUntilTheEnd(browser, token, rut, cancels);
  } finally {
    browsers.delete(browser);
  }
}

async function walkUntilTheEnd(
  browser: PayerBrowser,
  token: string,
  rut: string,
  cancels: boolean,
): Promise<PayerOutcome> {
  const path = `/session/${token}`;
  const patience = Date.now() + 180_000;
  let failuresAtBank = 0;
  let lastSeen = 'no answer';
  while (Date.now() < patience) {
    try {
      const result = await walkPayment(browser, path, { bank: 'cl_test', rut, stopAtConfirmation: cancels });
      if (result.redirect)
        return { token, ended: result.redirect.includes('/ok?jwt=') ? 'success' : 'cancel' };
      const page = result.page;
      lastSeen = `${result.status} ${/<title>([^<]*)<\/title>/.exec(page)?.[1] ?? ''}`;
      if (page.includes('id="review-title"')) return { token, ended: 'review' };
      // A payment that ended while the payer was away (or just cancelled): "see the result".
      if (result.status === 410) {
        if (!page.includes('/result?')) return { token, ended: 'never', lastSeen }; // expired
        const shown = await browser.get(`${path}/result`);
        if (shown.location && !shown.location.startsWith('/'))
          return { token, ended: shown.location.includes('/ok?jwt=') ? 'success' : 'cancel' };
        lastSeen = `410, then result ${shown.status}`;
      }
      const cancel = formAction(page, 'cancel');
      if (cancels && formAction(page, 'approve') && cancel) {
        await browser.post(cancel, { csrf: csrfOf(page) });
        continue;
      }
      // A failure shown with the bank choice (bank unavailable, transfer refused): try the bank again, or
      // after three failures give up and cancel.
      const bank = formAction(page, 'bank');
      if (result.status === 200 && bank) {
        if (++failuresAtBank > 3 && cancel) await browser.post(cancel, { csrf: csrfOf(page) });
        else await browser.post(bank, { csrf: csrfOf(page), bank: 'cl_test' });
        continue;
      }
    } catch {
      // The gateway is down (connection refused or reset mid-answer): reload in a moment.
    }
    await sleep(1000);
  }
  return { token, ended: 'never', lastSeen };
}

interface Audit {
  line: string;
  details: string;
}

interface SessionRow {
  token: string;
  payment_token: string | null;
  merchant_order_id: string;
  order_amount: number;
  payment_status: string;
  state: string | null;
}

interface LedgerEntry {
  idempotency_key: string;
  amount: number;
  description: string;
}

/**
 * Waits (faults cleared) until every session is final or under review and every final payment's webhook
 * has reached the receiver, or DRAIN_SECONDS pass; then compares the three records:
 * - lost: a payment whose money moved (ledger) but is not `success`, or `success` without money moved, or
 *   whose payer was sent to the success URL and the payment is not `success`, or whose receiver got a final
 *   status other than the payment's;
 * - double transfers: an order with more than one ledger entry;
 * - webhooks lost: a final payment (one with a payment_token) whose final status never reached the receiver;
 * - stuck: a session still `pending` that is not under review; payments under review (`needs_review`, the
 *   bank never saw the transfer) are an honest outcome, counted apart, and lost if the ledger has their money.
 */
async function drainAndAudit(
  databaseUrl: string,
  simulatorUrl: string,
  receiver: WebhookReceiver,
  outcomes: PayerOutcome[],
): Promise<Audit> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const read = async () => {
      const sessions = (
        await client.query<SessionRow>(
          `select s.token, s.payment_token, s.merchant_order_id, s.order_amount::int as order_amount,
                  s.payment_status, f.state
             from payment_sessions s left join payment_funnels f on f.session_id = s.id`,
        )
      ).rows;
      const ledger = (
        (await (await fetch(`${simulatorUrl}/admin/ledger`)).json()) as { entries: LedgerEntry[] }
      ).entries;
      return { sessions, ledger };
    };
    const undelivered = (sessions: SessionRow[]) =>
      sessions.filter(
        (session) =>
          session.payment_token !== null &&
          session.payment_status !== 'pending' &&
          !receiver.received.get(session.token)?.has(session.payment_status),
      );
    const unsettled = (sessions: SessionRow[]) =>
      sessions.filter((session) => session.payment_status === 'pending' && session.state !== 'needs_review');
    const drainUntil = Date.now() + DRAIN_SECONDS * 1000;
    let records = await read();
    while (Date.now() < drainUntil) {
      const waiting = unsettled(records.sessions).length;
      const notDelivered = undelivered(records.sessions).length;
      if (waiting === 0 && notDelivered === 0) break;
      say(`draining: ${waiting} sessions not final, ${notDelivered} final payments without their webhook`);
      await sleep(10_000);
      records = await read();
    }
    const { sessions, ledger } = records;
    const byKey = new Map<string, LedgerEntry[]>();
    const byOrder = new Map<string, number>();
    for (const entry of ledger) {
      byKey.set(entry.idempotency_key, [...(byKey.get(entry.idempotency_key) ?? []), entry]);
      byOrder.set(entry.description, (byOrder.get(entry.description) ?? 0) + 1);
    }
    const payerEnded = new Map(outcomes.map((outcome) => [outcome.token, outcome.ended]));
    const lost: string[] = [];
    for (const session of sessions) {
      const moved = session.payment_token ? (byKey.get(session.payment_token) ?? []) : [];
      const received = receiver.received.get(session.token) ?? new Set<string>();
      const why =
        moved.length > 0 && session.payment_status !== 'success'
          ? `money moved, payment ${session.payment_status} (${session.state})`
          : moved.length === 0 && session.payment_status === 'success'
            ? 'success without money moved'
            : moved.some((entry) => entry.amount !== session.order_amount)
              ? 'amount moved differs'
              : payerEnded.get(session.token) === 'success' && session.payment_status !== 'success'
                ? `payer sent to success, payment ${session.payment_status}`
                : [...received].some((status) => status !== session.payment_status)
                  ? `webhook said ${[...received].join('/')}, payment ${session.payment_status}`
                  : null;
      if (why) lost.push(`${session.merchant_order_id} ${session.payment_token}: ${why}`);
    }
    const doubles = [...byOrder].filter(([, count]) => count > 1);
    const webhooksLost = undelivered(sessions);
    const stuck = unsettled(sessions);
    const review = sessions.filter((session) => session.state === 'needs_review');
    const statusCount = (status: string) => sessions.filter((s) => s.payment_status === status).length;
    const payerCount = (ended: PayerOutcome['ended']) => outcomes.filter((o) => o.ended === ended).length;
    const details = [
      `sessions ${sessions.length} (success ${statusCount('success')}, error ${statusCount('error')}, cancelled ${statusCount('cancelled')}, expired ${statusCount('expired')}, pending ${statusCount('pending')} of which under review ${review.length})`,
      `payers: sent to success ${payerCount('success')}, to cancellation ${payerCount('cancel')}, told to wait for a review ${payerCount('review')}, never left the funnel ${payerCount('never')}; ledger entries ${ledger.length}`,
      ...outcomes.filter((o) => o.ended === 'never').map((o) => `  payer never left: ${o.lastSeen}`),
      ...hungRequests.map((text) => `  gateway never answered: ${text}`),
      ...lost.map((text) => `  lost: ${text}`),
      ...doubles.map(([order, count]) => `  double: ${order} moved ${count} times`),
      ...webhooksLost.map((s) => `  webhook lost: ${s.merchant_order_id} ${s.payment_status}`),
      ...stuck.map(
        (s) => `  stuck: ${s.merchant_order_id} ${s.payment_token ?? '(no bank chosen)'} ${s.state}`,
      ),
      ...review.map((s) => `  under review: ${s.merchant_order_id} ${s.payment_token}`),
    ].join('\n');
    return {
      details,
      line: `chaos: payments ${outcomes.length}, lost ${lost.length}, double transfers ${doubles.length}, webhooks lost ${webhooksLost.length}, stuck ${stuck.length} (under review ${review.length})`,
    };
  } finally {
    await client.end();
  }
}

await main();
