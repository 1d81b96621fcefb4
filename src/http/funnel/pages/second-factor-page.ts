import { html } from '../../html.ts';
import {
  bankHeader,
  bankName,
  cancelForm,
  form,
  noticeBlock,
  type PageContext,
  refreshControl,
  stepPage,
  summaryLine,
  t,
} from './page-context.ts';

/**
 * Step 3, as the bank does it: approval in the bank's app (a waiting page that refreshes itself, plus a
 * "I approved" button, so it works without JavaScript), a one-time code, or a coordinate card.
 */
export function secondFactorPage(context: PageContext): string {
  const { funnel } = context.view;
  const bank = bankName(context);
  const challenge = funnel.challenge ?? { kind: 'none' };
  let content = html``;
  switch (challenge.kind) {
    case 'app':
      content = html`<p>${t(context, 'app_waiting', { bank })}</p>
<div class="waiting" role="status"><progress aria-label="${t(context, 'app_progress')}"></progress><span>${t(context, 'app_progress')}</span></div>
${refreshControl(context)}
${form(context, 'second-factor', html`<input type="hidden" name="kind" value="app"><div class="actions"><button type="submit" class="primary">${t(context, 'app_done')}</button></div>`)}`;
      break;
    case 'code':
      content = html`<p>${t(context, 'code_intro', { bank, length: challenge.length })}</p>
${form(
  context,
  'second-factor',
  html`<input type="hidden" name="kind" value="code">
<label for="code">${t(context, 'code')}</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]*" maxlength="${challenge.length}" required>
<div class="actions"><button type="submit" class="primary">${t(context, 'continue')}</button></div>`,
)}`;
      break;
    case 'coordinates':
      content = html`<p>${t(context, 'coordinates_intro')}</p>
${form(
  context,
  'second-factor',
  html`<input type="hidden" name="kind" value="coordinates">
<div class="coordinates">${challenge.positions.map(
    (
      position,
      index,
    ) => html`<div><label for="coordinate-${index}">${t(context, 'coordinate', { position })}</label>
<input id="coordinate-${index}" name="coordinate" type="text" inputmode="numeric" autocomplete="off" maxlength="4" required></div>`,
  )}</div>
<div class="actions"><button type="submit" class="primary">${t(context, 'continue')}</button></div>`,
)}`;
      break;
    case 'none':
      content = form(
        context,
        'second-factor',
        html`<input type="hidden" name="kind" value="none"><div class="actions"><button type="submit" class="primary">${t(context, 'continue')}</button></div>`,
      );
      break;
  }
  const body = html`${summaryLine(context)}
<section class="card" aria-labelledby="factor-title">
  ${bankHeader(context)}
  <h1 id="factor-title">${t(context, 'second_factor_title', { bank })}</h1>
  ${noticeBlock(context)}
  ${content}
</section>
${cancelForm(context)}`;
  return stepPage(context, t(context, 'second_factor_title', { bank }), body);
}
