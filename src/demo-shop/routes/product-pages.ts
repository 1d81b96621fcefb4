import type { FastifyInstance } from 'fastify';
import { formatPesos } from '../../domain/money.ts';
import { html } from '../../http/html.ts';
import type { DemoShopContext } from '../app.ts';
import { CATALOG, findProduct } from '../catalog.ts';
import { shopPage } from '../layout.ts';
import { type Language, languageOf, MESSAGES } from '../messages.ts';

const withLanguage = (path: string, language: Language) => (language === 'en' ? `${path}?lang=en` : path);

/** `GET /` (the catalogue) and `GET /producto/:id` (one product with the bank buttons). */
export function productPagesRoute(app: FastifyInstance, context: DemoShopContext): void {
  app.get('/', async (request, reply) => {
    const language = languageOf(request.query);
    const t = MESSAGES[language];
    const body = html`<h1>${t.shop_name}</h1>
<p class="tagline">${t.tagline}</p>
<ul class="products">${CATALOG.map(
      (product) => html`<li class="card">
<h2>${product.name[language]}</h2>
<p>${product.description[language]}</p>
<p class="price">${formatPesos(product.price)}</p>
<a class="button" href="${withLanguage(`/producto/${product.id}`, language)}">${t.view_product}</a>
</li>`,
    )}</ul>`;
    return reply
      .type('text/html; charset=utf-8')
      .send(shopPage({ language, title: t.nav_products, url: request.url, body }));
  });

  app.get<{ Params: { id: string } }>('/producto/:id', async (request, reply) => {
    const product = findProduct(request.params.id);
    if (!product) return reply.callNotFound();
    const gateway = context.gatewayPaymentUrl.replace(/\/+$/, '');
    const language = languageOf(request.query);
    const t = MESSAGES[language];
    const body = html`<article class="product">
<div class="art" aria-hidden="true">${product.name[language].slice(0, 1)}</div>
<div>
<h1>${product.name[language]}</h1>
<p>${product.description[language]}</p>
<p class="price">${formatPesos(product.price)}</p>
<puente-bank-buttons session-endpoint="/checkout/session" data-product-id="${product.id}" data-lang="${language}"
  lang="${language}" heading="${t.pay_heading}"${context.environment === 'sandbox' ? html` environment="sandbox"` : ''}></puente-bank-buttons>
<section class="widget-pay" aria-labelledby="widget-heading">
<h2 id="widget-heading">${t.widget_heading}</h2>
<button type="button" data-widget-checkout data-product-id="${product.id}" data-lang="${language}" data-failed="${t.widget_failed}">${t.widget_button}</button>
<p id="widget-result" role="status"></p>
</section>
<noscript><p class="note">${t.no_script}</p></noscript>
${context.environment === 'sandbox' ? html`<p class="note">${t.sandbox_note}</p>` : ''}
<p><a href="${withLanguage('/', language)}">${t.back_to_products}</a></p>
</div>
</article>`;
    return reply.type('text/html; charset=utf-8').send(
      shopPage({
        language,
        title: product.name[language],
        url: request.url,
        body,
        scriptUrl: `${gateway}/assets/puente-bank-buttons.js`,
        widgetScriptUrl: `${gateway}/assets/puente-widget.js`,
      }),
    );
  });
}
