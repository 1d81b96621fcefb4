import { z } from 'zod';
import { type BankCode, parseBankCode } from '../domain/banks.ts';
import { validationError } from '../domain/errors.ts';
import { type Pesos, parsePesos } from '../domain/money.ts';
import { parseRut, type Rut } from '../domain/rut.ts';

/**
 * Field parsers for request bodies. The merchant protocol is loose about types (amounts as numbers or
 * strings, booleans as strings), so each field is parsed by the domain's own rule and reported with a
 * message that names the field.
 *
 * Absent means absent (DESIGN §2.1): `null`, `""` and a string of only whitespace are read as a missing
 * field, in every endpoint. Shops send their form fields as they are (an empty e-mail box, the two search
 * boxes a payer left empty) and SDKs in other languages send `null`.
 */
export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function field<T>(parse: (value: unknown) => T | null, message: string) {
  return z
    .unknown()
    .optional()
    .transform((value, context): T => {
      const result = isAbsent(value) ? null : parse(value);
      if (result === null) {
        context.addIssue({ code: 'custom', message: isAbsent(value) ? 'is required' : message });
        return z.NEVER;
      }
      return result;
    });
}

function optionalField<T>(parse: (value: unknown) => T | null, message: string) {
  return z
    .unknown()
    .optional()
    .transform((value, context): T | null => {
      if (isAbsent(value)) return null;
      const result = parse(value);
      if (result === null) {
        context.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return result;
    });
}

const text =
  (pattern: RegExp) =>
  (value: unknown): string | null =>
    typeof value === 'string' && pattern.test(value) ? value : null;

const EMAIL =
  /^[^\s@"'<>()[\],;:\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

function parseHttpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname || url.username || url.password) return null;
  return value;
}

function parseBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1' || value === 1) return true;
  if (value === 'false' || value === '0' || value === 0) return false;
  return null;
}

export const merchantCode = field(text(/^[A-Za-z0-9._-]{1,64}$/), 'must be a merchant code');
export const merchantApiToken = field(text(/^[\x21-\x7e]{1,256}$/), 'must be a merchant API token');
/**
 * An order id as shops build them: `OC-700104`, `7-3-2026-12-01 21:20:05.123456`, names with accents. Any
 * printable Unicode, 1 to 64 characters (code points), kept byte for byte (never trimmed or normalised);
 * control characters are refused, and so is text that is not well-formed UTF-16 (a lone surrogate has no
 * UTF-8 form, so it could not be stored or echoed as sent).
 */
export function parseOrderId(value: unknown): string | null {
  if (typeof value !== 'string' || !value.isWellFormed()) return null;
  const length = [...value].length;
  if (length < 1 || length > 64 || /\p{Cc}/u.test(value)) return null;
  return value;
}

const ORDER_ID_RULE = 'must be 1 to 64 printable characters (no control characters)';
export const merchantOrderId = field(parseOrderId, ORDER_ID_RULE);
export const optionalOrderId = optionalField(parseOrderId, ORDER_ID_RULE);
export const orderAmount = field<Pesos>(
  parsePesos,
  `must be a whole number of pesos from 1 to ${Number.MAX_SAFE_INTEGER}`,
);
export const customerEmail = optionalField(
  (value) => (typeof value === 'string' && value.length <= 254 && EMAIL.test(value) ? value : null),
  'must be an e-mail address',
);
export const userBankCode = optionalField<BankCode>(
  (value) => (typeof value === 'string' ? parseBankCode(value) : null),
  'must be one of cl_estado, cl_santander, cl_bch, cl_bci, cl_itau, cl_scotiabank, cl_falabella, cl_test',
);
export const userRut = optionalField<Rut>(
  (value) => (typeof value === 'string' || typeof value === 'number' ? parseRut(String(value)) : null),
  'must be a Chilean RUT with a valid check digit, e.g. 12.345.678-5',
);
export const flag = optionalField(parseBoolean, 'must be true or false');
export const httpUrl = optionalField(parseHttpUrl, 'must be an absolute http:// or https:// URL');
export const concat = optionalField(
  text(/^[&;?#/|,!$'()*+:@~._-]$/),
  'must be one punctuation character such as "&" or "?"',
);
export const paymentMethod = optionalField(
  (value) => (value === 'direct_transfer' ? ('direct_transfer' as const) : null),
  'must be "direct_transfer" (or absent: the payer chooses)',
);
export const optionalToken = optionalField(text(/^[A-Za-z0-9._-]{1,128}$/), 'must be a token');

const metadataItem = z.object({
  name: field(text(/^.{1,64}$/su), 'must be text of 1 to 64 characters'),
  value: field(
    (value) =>
      (typeof value === 'string' && value.length <= 500) ||
      typeof value === 'number' ||
      typeof value === 'boolean'
        ? String(value)
        : null,
    'must be text of at most 500 characters',
  ),
  show: optionalField(parseBoolean, 'must be true or false').transform((show) => show ?? false),
});

export const metadata = z
  .unknown()
  .optional()
  .transform((value, context) => {
    if (isAbsent(value)) return [];
    if (!Array.isArray(value)) {
      context.addIssue({ code: 'custom', message: 'must be an array of {name, value, show}' });
      return z.NEVER;
    }
    if (value.length > 20) {
      context.addIssue({ code: 'custom', message: 'must have at most 20 items' });
      return z.NEVER;
    }
    const items = [];
    for (const [index, item] of value.entries()) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        context.addIssue({ code: 'custom', message: `item ${index} must be an object {name, value, show}` });
        return z.NEVER;
      }
      const parsed = metadataItem.safeParse(item);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        context.addIssue({
          code: 'custom',
          message: `item ${index} ${issue?.path.join('.')}: ${issue?.message}`,
        });
        return z.NEVER;
      }
      items.push(parsed.data);
    }
    return items;
  });

/**
 * Parses a request body with a schema, throwing a 400 `validation_error` that names the first bad field.
 * The body must already be a JSON object.
 */
export function parseBody<Schema extends z.ZodType>(
  schema: Schema,
  body: Record<string, unknown>,
): z.output<Schema> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = issue?.path.join('.') || 'body';
  throw validationError(name, issue?.message ?? 'is invalid');
}
