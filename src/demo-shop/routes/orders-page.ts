import type { FastifyInstance } from 'fastify';
import { formatPesos } from '../../domain/money.ts';
import { html } from '../../http/html.ts';
import type { DemoShopContext } from '../app.ts';
import { shopPage } from '../layout.ts';
import { languageOf, MESSAGES, STATUS_LABELS } from '../messages.ts';
import { bankName } from './payment-return.ts';

const TIME = {
  // Four-digit years: a two-digit one reads as a day in some orders.
  es: new Intl.DateTimeFormat('es-CL', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone: 'America/Santiago',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone: 'America/Santiago',
  }),
};

/** `GET /pedidos`: every order of the shop with its state, newest first. */
export function ordersPageRoute(app: FastifyInstance, context: DemoShopContext): void {
  app.get('/pedidos', async (request, reply) => {
    const language = languageOf(request.query);
    const t = MESSAGES[language];
    const orders = context.orders.list();
    const body = html`<h1>${t.orders_title}</h1>
<p class="note">${t.orders_policy}</p>
${
  orders.length === 0
    ? html`<p>${t.orders_empty}</p>`
    : html`<table>
<thead><tr><th scope="col">${t.order}</th><th scope="col">${t.product}</th><th scope="col" class="amount">${t.amount}</th><th scope="col">${t.bank}</th><th scope="col">${t.status}</th><th scope="col">${t.updated}</th></tr></thead>
<tbody>${orders.map(
        (order) => html`<tr id="${order.id}">
<td class="nowrap">${order.id}</td><td>${order.productName}</td><td class="amount">${formatPesos(order.amount)}</td>
<td>${bankName(order.bankCode)}</td>
<td><span class="badge ${order.status}">${STATUS_LABELS[language][order.status]}</span></td>
<td class="nowrap">${TIME[language].format(new Date(order.updatedAt))}</td></tr>`,
      )}</tbody></table>`
}`;
    return reply
      .type('text/html; charset=utf-8')
      .send(shopPage({ language, title: t.orders_title, url: request.url, body }));
  });
}
