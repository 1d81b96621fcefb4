/**
 * The values every example on `/docs` and in `/openapi.json` uses, so that one example's answer is the next
 * one's input. They are examples, not working credentials: the tests replace them with a test merchant's.
 */
export const EXAMPLE_CREDENTIALS = {
  merchant_code: 'sbx_7hq2mx9c4kd8rw3p',
  merchant_api_token: 'Lk3Jh8Gf2Ds5Aq9Wz4Xe7Rc1Vb6Tn0Ym3Uo8Ip2Kj5Hg9Fd4Sa7Qw1Ez6Rx3Tc8V',
} as const;

/** The request fields of the credentials, as every endpoint that takes both describes them. */
export const CREDENTIAL_PROPERTIES = {
  merchant_code: { type: 'string', description: 'Your public merchant code.' },
  merchant_api_token: { type: 'string', description: 'Your secret API token (server-side only).' },
} as const;

export const EXAMPLE_ORDER_ID = 'OC-700104';
export const EXAMPLE_SESSION_TOKEN = 'Xq7Rk2LmN9pT4vW8yB3cD6fG1hJ5sA0eZuIoKwEr2tYb6nMx9QaS4dF7gH1jL3kP';
export const EXAMPLE_PAYMENT_TOKEN = 'Pt4Vn8Qx2Lm6Rk9Wc3Zb7Yd1Hf5Js0GaTeUoIpEr8tYu2nMb6vCx4zAs9dFg1hJk';
/** The direct-transfer reference the example payment shows its payer (docs/direct-transfer.md). */
export const EXAMPLE_REFERENCE = 'K7MQ2X';
/** The mark of the example payment's transfer, `initiationMarkOf(EXAMPLE_PAYMENT_TOKEN)` (checked by a test). */
export const EXAMPLE_INITIATION_MARK = 'PTEKNBJZND4';
export const EXAMPLE_SIGNATURE_TOKEN = 'Sg5Hn1Kp8Wq3Xr6Ty9Ub2Vc4Zd7Ae0Bf5Cg1Dh8Ej3Fk6Gl9Hm2In4Jo7Kp0Lq3M';

/** The claims of the example notification (a successful payment). */
export const EXAMPLE_CLAIMS = {
  session_token: EXAMPLE_SESSION_TOKEN,
  payment_token: EXAMPLE_PAYMENT_TOKEN,
  merchant_order_id: EXAMPLE_ORDER_ID,
  merchant_code: EXAMPLE_CREDENTIALS.merchant_code,
  order_amount: 50000,
  payment_status: 'success',
  payment_step: 'transfer_confirmed',
  user_bank_code: 'cl_test',
  user_rut: '11111111-1',
  iat: 1796160005,
  jti: '0b6f5c1e-8d2a-4f3b-9c7e-5a1d2e3f4b6c',
} as const;

/**
 * `EXAMPLE_CLAIMS` signed with `EXAMPLE_SIGNATURE_TOKEN` exactly as Puente signs a notification (a test
 * signs them again and compares the bytes), so a reader can check their own verification code on it.
 */
export const EXAMPLE_JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzZXNzaW9uX3Rva2VuIjoiWHE3UmsyTG1OOXBUNHZXOHlCM2NENmZHMWhKNXNBMGVadUlvS3dFcjJ0WWI2bk14OVFhUzRkRjdnSDFqTDNrUCIsInBheW1lbnRfdG9rZW4iOiJQdDRWbjhReDJMbTZSazlXYzNaYjdZZDFIZjVKczBHYVRlVW9JcEVyOHRZdTJuTWI2dkN4NHpBczlkRmcxaEprIiwibWVyY2hhbnRfb3JkZXJfaWQiOiJPQy03MDAxMDQiLCJtZXJjaGFudF9jb2RlIjoic2J4XzdocTJteDljNGtkOHJ3M3AiLCJvcmRlcl9hbW91bnQiOjUwMDAwLCJwYXltZW50X3N0YXR1cyI6InN1Y2Nlc3MiLCJwYXltZW50X3N0ZXAiOiJ0cmFuc2Zlcl9jb25maXJtZWQiLCJ1c2VyX2JhbmtfY29kZSI6ImNsX3Rlc3QiLCJ1c2VyX3J1dCI6IjExMTExMTExLTEiLCJpYXQiOjE3OTYxNjAwMDUsImp0aSI6IjBiNmY1YzFlLThkMmEtNGYzYi05YzdlLTVhMWQyZTNmNGI2YyJ9.0VRreOtXuAovq_TTrLUaDcOH1xp9a0wzs0a3BEv0lNw';
