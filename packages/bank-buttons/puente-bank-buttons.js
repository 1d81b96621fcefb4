// <puente-bank-buttons>: one button per Chilean bank. A click asks the MERCHANT's own server (never Puente
// directly: the merchant's API token must stay on its server) to create a payment session with that bank's
// `user_bank_code`, then sends the payer to the `payment_url` it answers. Framework-free, no dependencies,
// works under a strict Content-Security-Policy (no inline styles or scripts: styles are a constructed sheet).
//
//   <script type="module" src="https://pay.example/assets/puente-bank-buttons.js"></script>
//   <puente-bank-buttons session-endpoint="/checkout/session" order-id="OC-1" data-product="tetera">
//   </puente-bank-buttons>
//
// The endpoint receives POST {"user_bank_code": "cl_bch", "order_id": "OC-1", "product": "tetera"} and
// answers {"payment_url": "..."}. It must price the order itself: the payload comes from the browser.

/**
 * Codes and names of the merchant protocol; `mark` is a short monogram on the bank's colour, the same colour
 * as that bank's pages in the funnel (src/http/funnel/bank-looks.ts), so the payer sees one bank throughout.
 */
const BANKS = [
  { code: 'cl_estado', name: 'BancoEstado', mark: 'BE', sandboxOnly: false },
  { code: 'cl_santander', name: 'Santander', mark: 'S', sandboxOnly: false },
  { code: 'cl_bch', name: 'Banco de Chile / Edwards', mark: 'BCh', sandboxOnly: false },
  { code: 'cl_bci', name: 'BCI', mark: 'bci', sandboxOnly: false },
  { code: 'cl_itau', name: 'Itaú', mark: 'it', sandboxOnly: false },
  { code: 'cl_scotiabank', name: 'Scotiabank', mark: 'Sc', sandboxOnly: false },
  { code: 'cl_falabella', name: 'Banco Falabella', mark: 'F', sandboxOnly: false },
  { code: 'cl_test', name: 'Banco de Pruebas', mark: 'P', sandboxOnly: true },
];

const MESSAGES = {
  es: {
    heading: 'Paga con transferencia desde tu banco',
    busy: 'Conectando con tu banco…',
    sandbox: 'solo pruebas',
    failed: 'No pudimos iniciar el pago. Inténtalo de nuevo o elige otro banco.',
    offline: 'No hay conexión con la tienda. Revisa tu conexión e inténtalo de nuevo.',
    misconfigured: 'Este botón de pago no está bien configurado (falta session-endpoint).',
  },
  en: {
    heading: 'Pay by bank transfer',
    busy: 'Connecting to your bank…',
    sandbox: 'testing only',
    failed: 'We could not start the payment. Please try again or choose another bank.',
    offline: 'Could not reach the shop. Check your connection and try again.',
    misconfigured: 'This payment button is not set up correctly (session-endpoint is missing).',
  },
};

const CSS = `
:host { display: block; font-family: var(--puente-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  color: var(--puente-ink, #14213d); }
:host([hidden]) { display: none; }
.heading { margin: 0 0 .75rem; font-weight: 600; font-size: 1rem; }
ul { list-style: none; margin: 0; padding: 0; display: grid; gap: .5rem;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 15rem), 1fr)); }
button { display: flex; align-items: center; gap: .75rem; width: 100%; min-height: 3.25rem; padding: .5rem .875rem;
  font: inherit; font-weight: 600; text-align: left; color: inherit; background: var(--puente-button-bg, #fff);
  border: 1px solid var(--puente-line, #cfd5e1); border-radius: var(--puente-radius, 10px); cursor: pointer;
  transition: border-color .15s, box-shadow .15s; }
button:hover:not(:disabled) { border-color: var(--puente-accent, #0b6e4f); box-shadow: 0 1px 4px rgba(20,33,61,.12); }
button:focus-visible { outline: 3px solid var(--puente-focus, #1a56db); outline-offset: 2px; border-color: var(--puente-focus, #1a56db); }
button:disabled { cursor: progress; opacity: .55; }
button[aria-busy="true"] { opacity: 1; border-color: var(--puente-accent, #0b6e4f); }
.mark { flex: none; display: inline-grid; place-items: center; width: 2.25rem; height: 2.25rem; border-radius: 8px;
  font-size: .8rem; font-weight: 800; letter-spacing: -.02em; color: #fff; background: #5c6478; }
.mark[data-bank="cl_estado"] { background: #f37021; color: #1a1a1a; }
.mark[data-bank="cl_santander"] { background: #ec0000; color: #fff; }
.mark[data-bank="cl_bch"] { background: #002464; color: #fff; }
.mark[data-bank="cl_bci"] { background: #007a30; color: #fff; }
.mark[data-bank="cl_itau"] { background: #ec7000; color: #001a44; }
.mark[data-bank="cl_scotiabank"] { background: #c8102e; color: #fff; }
.mark[data-bank="cl_falabella"] { background: #007937; color: #fff; }
.mark[data-bank="cl_test"] { background: #4b5563; color: #fff; }
.name { flex: 1; display: flex; flex-wrap: wrap; align-items: center; gap: .125rem .5rem; }
.tag { white-space: nowrap; font-size: .75rem; font-weight: 500; color: #5c6478; border: 1px solid #cfd5e1; border-radius: 999px; padding: 0 .5rem; }
.spinner { display: none; width: 1rem; height: 1rem; border: 2px solid #cfd5e1; border-top-color: var(--puente-accent, #0b6e4f);
  border-radius: 50%; animation: spin .8s linear infinite; }
button[aria-busy="true"] .spinner { display: inline-block; }
@keyframes spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .spinner { animation-duration: 2.4s; } }
.status { margin: .5rem 0 0; min-height: 1.25rem; font-size: .9rem; }
.status.error { color: var(--puente-danger, #a4161a); }
`;

function styleSheet() {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    return sheet;
  } catch {
    return null; // an old browser: fall back to a <style> element
  }
}
const SHEET = typeof CSSStyleSheet === 'function' ? styleSheet() : null;

/** `data-product-id` → `product_id`, the protocol's snake_case. */
function snakeCase(name) {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export class PuenteBankButtons extends HTMLElement {
  static observedAttributes = ['environment', 'lang', 'banks', 'heading'];

  #root;
  #busy = false;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    if (SHEET && 'adoptedStyleSheets' in this.#root) {
      this.#root.adoptedStyleSheets = [SHEET];
    } else {
      const style = document.createElement('style');
      style.textContent = CSS;
      this.#root.append(style);
    }
    // Back from the bank with the browser's back button, the page may come back from the cache still busy.
    window.addEventListener('pageshow', (event) => {
      if (event.persisted) this.#setBusy(null);
    });
  }

  connectedCallback() {
    this.#render();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#render();
  }

  /** `es` unless the element (or the page) asks for English. */
  get language() {
    const lang = (
      this.getAttribute('lang') ||
      this.closest('[lang]')?.getAttribute('lang') ||
      'es'
    ).toLowerCase();
    return lang.startsWith('en') ? 'en' : 'es';
  }

  /** The banks shown: all but the sandbox bank, unless `environment="sandbox"`; `banks="cl_bch,cl_estado"` picks. */
  get banks() {
    const sandbox = this.getAttribute('environment') === 'sandbox';
    const available = BANKS.filter((bank) => sandbox || !bank.sandboxOnly);
    const wanted = (this.getAttribute('banks') || '')
      .split(',')
      .map((code) => code.trim().toLowerCase())
      .filter(Boolean);
    if (wanted.length === 0) return available;
    return wanted.map((code) => available.find((bank) => bank.code === code)).filter(Boolean);
  }

  /** What the merchant's endpoint receives besides `user_bank_code`. */
  get payload() {
    const payload = {};
    for (const [key, value] of Object.entries(this.dataset)) payload[snakeCase(key)] = value;
    const orderId = this.getAttribute('order-id');
    if (orderId) payload.order_id = orderId;
    const amount = this.getAttribute('amount');
    if (amount) payload.amount = /^\d+$/.test(amount) ? Number(amount) : amount;
    return payload;
  }

  #text(key) {
    return MESSAGES[this.language][key];
  }

  #render() {
    const messages = MESSAGES[this.language];
    const group = document.createElement('div');
    group.setAttribute('role', 'group');
    group.setAttribute('part', 'group');
    group.setAttribute('aria-labelledby', 'heading');

    const heading = document.createElement('p');
    heading.id = 'heading';
    heading.className = 'heading';
    heading.setAttribute('part', 'heading');
    heading.textContent = this.getAttribute('heading') || messages.heading;

    const list = document.createElement('ul');
    for (const bank of this.banks) {
      const button = document.createElement('button');
      button.type = 'button';
      button.setAttribute('part', 'button');
      button.dataset.bank = bank.code;
      const mark = document.createElement('span');
      mark.className = 'mark';
      mark.dataset.bank = bank.code;
      mark.setAttribute('aria-hidden', 'true');
      mark.textContent = bank.mark;
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = bank.name;
      if (bank.sandboxOnly) {
        // Inside the name, so it wraps under it on narrow buttons instead of squeezing the bank's name.
        const tag = document.createElement('span');
        tag.className = 'tag';
        tag.textContent = messages.sandbox;
        name.append(' ', tag);
      }
      button.append(mark, name);
      const spinner = document.createElement('span');
      spinner.className = 'spinner';
      spinner.setAttribute('aria-hidden', 'true');
      button.append(spinner);
      button.addEventListener('click', () => void this.#choose(bank, button));
      const item = document.createElement('li');
      item.append(button);
      list.append(item);
    }

    const status = document.createElement('p');
    status.className = 'status';
    status.setAttribute('part', 'status');
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');

    group.append(heading, list, status);
    this.#root.replaceChildren(
      ...[...this.#root.children].filter((node) => node.localName === 'style'),
      group,
    );
    this.#busy = false;
  }

  #status(text, isError) {
    const status = this.#root.querySelector('.status');
    if (!status) return;
    status.textContent = text;
    status.classList.toggle('error', Boolean(isError));
    // An error must be announced at once, not politely later.
    status.setAttribute('role', isError ? 'alert' : 'status');
  }

  #setBusy(chosen) {
    this.#busy = Boolean(chosen);
    const group = this.#root.querySelector('[role="group"]');
    group?.setAttribute('aria-busy', String(this.#busy));
    for (const button of this.#root.querySelectorAll('button')) {
      button.disabled = this.#busy;
      if (button === chosen) button.setAttribute('aria-busy', 'true');
      else button.removeAttribute('aria-busy');
    }
    if (!this.#busy) this.#status('', false);
  }

  #fail(bank, reason, detail) {
    this.#setBusy(null);
    this.#status(detail || this.#text(reason), true);
    this.dispatchEvent(
      new CustomEvent('puente-error', {
        bubbles: true,
        composed: true,
        detail: { bankCode: bank.code, reason },
      }),
    );
    this.#root.querySelector(`button[data-bank="${bank.code}"]`)?.focus();
  }

  async #choose(bank, button) {
    if (this.#busy) return;
    const endpoint = this.getAttribute('session-endpoint');
    if (!endpoint) {
      this.#fail(bank, 'misconfigured');
      return;
    }
    const payload = { ...this.payload, user_bank_code: bank.code };
    const selected = new CustomEvent('puente-bank-selected', {
      bubbles: true,
      composed: true,
      cancelable: true,
      detail: { bankCode: bank.code, payload },
    });
    if (!this.dispatchEvent(selected)) return;

    this.#setBusy(button);
    this.#status(this.#text('busy'), false);
    let response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(payload),
        credentials: 'same-origin',
        signal: AbortSignal.timeout?.(30_000),
      });
    } catch {
      this.#fail(bank, 'offline');
      return;
    }
    const body = await response.json().catch(() => null);
    let target = null;
    try {
      target =
        response.ok && body && typeof body.payment_url === 'string'
          ? new URL(body.payment_url, location.href)
          : null;
    } catch {
      target = null;
    }
    if (!target || (target.protocol !== 'https:' && target.protocol !== 'http:')) {
      // The merchant's endpoint may word its own message (it knows the payer's language); ours otherwise.
      const message = body && typeof body.message === 'string' ? body.message.slice(0, 300) : '';
      this.#fail(bank, 'failed', message);
      return;
    }
    this.dispatchEvent(
      new CustomEvent('puente-redirect', {
        bubbles: true,
        composed: true,
        detail: { paymentUrl: target.href },
      }),
    );
    // The payment pages speak the shop's language unless the merchant's endpoint already chose one.
    if (!target.searchParams.has('lang')) target.searchParams.set('lang', this.language);
    // Stays busy while the browser leaves for the payment page.
    window.location.assign(target.href);
  }
}

if (!customElements.get('puente-bank-buttons'))
  customElements.define('puente-bank-buttons', PuenteBankButtons);
