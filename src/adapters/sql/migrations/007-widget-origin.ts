/**
 * The widget (DESIGN §8): the merchant origin whose page opened this payment in a modal, one of the
 * merchant's frame origins. Kept with the funnel because the funnel moves by post/redirect/get and any
 * instance may serve the last step, which posts the result JWT to this origin (and only to it).
 */
export const sql = /* sql */ `
alter table payment_funnels add column widget_origin text;
`;
