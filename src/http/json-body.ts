import { PuenteError, validationError } from '../domain/errors.ts';

/**
 * The merchant API reads its body as JSON whatever the Content-Type says: the original protocol's Python
 * SDK sends a JSON text with none, and some clients encode the object twice (a JSON string holding the
 * JSON object). Anything but a JSON object is a 400.
 */
export function readJsonObject(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
    throw new PuenteError('invalid_body', 'the request body is empty; send a JSON object');
  }
  let value: unknown = raw;
  for (let depth = 0; depth < 2 && typeof value === 'string'; depth++) {
    try {
      value = JSON.parse(value);
    } catch (error) {
      // JSON.parse says where it stopped ("... at position 20"): the one detail worth passing on.
      const where = error instanceof SyntaxError ? / at position \d+/.exec(error.message)?.[0] : undefined;
      throw new PuenteError(
        'invalid_body',
        `the request body is not valid JSON${where ? ` (it stops making sense${where})` : ''}; send a JSON object`,
      );
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    throw new PuenteError('invalid_body', `the request body is ${kind}; it must be a JSON object`);
  }
  const unstorable = findUnstorableText(value);
  if (unstorable) {
    const [field = 'body', ...inside] = unstorable;
    const where = inside.length > 0 ? `${inside.join('.')} ` : '';
    throw validationError(field, `${where}must not contain NUL characters or lone surrogates`);
  }
  return value as Record<string, unknown>;
}

/**
 * The path of the first string (key or value, at any depth) that PostgreSQL cannot store as text: a NUL
 * character, or a lone UTF-16 surrogate, which has no UTF-8 form. Refused at the edge, whichever field it
 * is in, so such input is a 400 and never reaches the database as a 500. Every request body goes through
 * here, so the walk allocates nothing until it finds one; the path is built on the way back.
 */
function findUnstorableText(value: unknown): string[] | null {
  if (typeof value === 'string') return unstorable(value) ? [] : null;
  if (typeof value !== 'object' || value === null) return null;
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (unstorable(key)) return ['(a key)'];
    const found = findUnstorableText(object[key]);
    if (found) {
      found.unshift(key);
      return found;
    }
  }
  return null;
}

function unstorable(text: string): boolean {
  return text.includes('\u0000') || !text.isWellFormed();
}
