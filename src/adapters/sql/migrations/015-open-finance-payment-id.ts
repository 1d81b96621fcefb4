/**
 * The bank's own id of an open-finance payment (`DomesticPaymentId`), kept when the bank answers the order:
 * with it the sweep asks the bank about the payment with Puente's own client credentials, so a payment still
 * pending when the payer's access token has expired is followed to its end. Not a secret; not the reference
 * shown to the payer (`bank_reference`), which a bank may word differently.
 */
export const sql = /* sql */ `
alter table payment_funnels add column bank_payment_id text;
`;
