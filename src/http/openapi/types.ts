import type { ApiErrorCode } from './error-codes.ts';

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it), loosely typed: the document is data. */
export type JsonSchema = { [keyword: string]: unknown };

/**
 * A request that gets an error, and the error it gets: shown on `/docs` as a curl command and its answer,
 * put in `/openapi.json` as a response example (the request under `x-request`), and replayed by the tests
 * against a real gateway, so the documented message is the one the API sends.
 */
export interface ErrorExample {
  summary: string;
  request: {
    method: 'GET' | 'POST';
    path: string;
    /** The JSON body sent; the example credentials stand for yours (`EXAMPLE_CREDENTIALS`). */
    body?: unknown;
    /** A request that a body cannot show (too large, too many, the database away). */
    note?: string;
  };
  code: ApiErrorCode;
  message: string;
  field?: string;
}

/** A request that succeeds, and its answer. */
export interface SuccessExample {
  summary: string;
  request: Record<string, unknown>;
  response: unknown;
}

/**
 * One merchant API endpoint, described in one place: `/openapi.json` and `/docs` are both made from it.
 * A new endpoint is one more file like `session-initialize.ts`, added to `API_OPERATIONS`.
 */
export interface ApiOperation {
  path: string;
  summary: string;
  description: string;
  requestSchema: JsonSchema;
  responseDescription: string;
  responseSchema: JsonSchema;
  /** Named examples of requests that succeed (at least one). */
  examples: Record<string, SuccessExample>;
  /** Named examples of requests that fail: at least one for every code in `errorCodes`. */
  errorExamples: Record<string, ErrorExample>;
  /** Every error code this endpoint can answer. */
  errorCodes: readonly ApiErrorCode[];
}
