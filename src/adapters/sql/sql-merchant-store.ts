import type { Environment } from '../../domain/banks.ts';
import type { Merchant, MerchantSettings } from '../../domain/merchant.ts';
import type { SqlExecutor } from '../../ports/database.ts';
import type { MerchantStore } from '../../ports/merchant-store.ts';

interface MerchantRow {
  id: number;
  code: string;
  name: string;
  environment: Environment;
  completed_url: string | null;
  cancellation_url: string | null;
  webhook_url: string | null;
  frame_origins: string[];
  amount_limit: number | string;
  one_payment_per_order: boolean;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, code, name, environment, completed_url, cancellation_url, webhook_url, frame_origins,
  amount_limit, one_payment_per_order, active, created_at, updated_at`;

const SETTING_COLUMNS: Record<keyof MerchantSettings, string> = {
  name: 'name',
  environment: 'environment',
  completedUrl: 'completed_url',
  cancellationUrl: 'cancellation_url',
  webhookUrl: 'webhook_url',
  frameOrigins: 'frame_origins',
  amountLimit: 'amount_limit',
  onePaymentPerOrder: 'one_payment_per_order',
  active: 'active',
};

export function toMerchant(row: MerchantRow): Merchant {
  return {
    id: Number(row.id),
    code: row.code,
    name: row.name,
    environment: row.environment,
    completedUrl: row.completed_url,
    cancellationUrl: row.cancellation_url,
    webhookUrl: row.webhook_url,
    frameOrigins: row.frame_origins,
    amountLimit: Number(row.amount_limit),
    onePaymentPerOrder: row.one_payment_per_order,
    active: row.active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class SqlMerchantStore implements MerchantStore {
  constructor(private readonly db: SqlExecutor) {}

  async create(merchant: MerchantSettings & { code: string; apiTokenHash: Buffer }): Promise<Merchant> {
    const [row] = await this.db.query<MerchantRow>(
      `insert into merchants (code, name, environment, api_token_hash, completed_url, cancellation_url,
         webhook_url, frame_origins, amount_limit, one_payment_per_order, active)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       returning ${COLUMNS}`,
      [
        merchant.code,
        merchant.name,
        merchant.environment,
        merchant.apiTokenHash,
        merchant.completedUrl,
        merchant.cancellationUrl,
        merchant.webhookUrl,
        merchant.frameOrigins,
        merchant.amountLimit,
        merchant.onePaymentPerOrder,
        merchant.active,
      ],
    );
    return toMerchant(required(row));
  }

  async findByTokenHash(apiTokenHash: Buffer): Promise<Merchant | null> {
    const [row] = await this.db.query<MerchantRow>(
      `select ${COLUMNS} from merchants where api_token_hash = $1`,
      [apiTokenHash],
    );
    return row ? toMerchant(row) : null;
  }

  async findByCode(code: string): Promise<Merchant | null> {
    const [row] = await this.db.query<MerchantRow>(`select ${COLUMNS} from merchants where code = $1`, [
      code,
    ]);
    return row ? toMerchant(row) : null;
  }

  async findById(id: number): Promise<Merchant | null> {
    const [row] = await this.db.query<MerchantRow>(`select ${COLUMNS} from merchants where id = $1`, [id]);
    return row ? toMerchant(row) : null;
  }

  async list(): Promise<Merchant[]> {
    const rows = await this.db.query<MerchantRow>(`select ${COLUMNS} from merchants order by id`);
    return rows.map(toMerchant);
  }

  async update(code: string, changes: Partial<MerchantSettings>): Promise<Merchant | null> {
    const entries = (Object.keys(SETTING_COLUMNS) as (keyof MerchantSettings)[]).filter(
      (key) => changes[key] !== undefined,
    );
    const assignments = entries.map((key, index) => `${SETTING_COLUMNS[key]} = $${index + 2}`);
    const [row] = await this.db.query<MerchantRow>(
      `update merchants set ${[...assignments, 'updated_at = now()'].join(', ')} where code = $1 returning ${COLUMNS}`,
      [code, ...entries.map((key) => changes[key])],
    );
    return row ? toMerchant(row) : null;
  }

  async replaceTokenHash(code: string, apiTokenHash: Buffer): Promise<Merchant | null> {
    const [row] = await this.db.query<MerchantRow>(
      `update merchants set api_token_hash = $2, updated_at = now() where code = $1 returning ${COLUMNS}`,
      [code, apiTokenHash],
    );
    return row ? toMerchant(row) : null;
  }
}

function required<T>(row: T | undefined): T {
  if (row === undefined) throw new Error('expected a row from the database');
  return row;
}
