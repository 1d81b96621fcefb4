import { PuenteError } from '../domain/errors.ts';

/**
 * The merchant API reads its body as JSON whatever the Content-Type says: the original protocol's Python
 * SDK sends a JSON text with none, and some clients encode the object twice (a JSON string holding the
 * JSON object). Anything but a JSON object is a 400.
 */
export function readJsonObject(raw: unknown): Record<string, unknown> {
  let value: unknown = raw;
  for (let depth = 0; depth < 2 && typeof value === 'string'; depth++) {
    try {
      value = JSON.parse(value);
    } catch {
      throw new PuenteError('invalid_body', 'the request body must be a JSON object');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PuenteError('invalid_body', 'the request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}
