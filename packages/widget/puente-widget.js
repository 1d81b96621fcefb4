// Puente widget: the payment page in a modal over the merchant's own page (the original protocol's widget
// flow). The merchant's server creates the session as usual; the page opens it here, and learns how it
// ended from a callback with the same signed JWT a redirect would carry — the page never navigates.
//
//   <script src="https://pay.example/assets/puente-widget.js"></script>
//   PuenteWidget.open({
//     sessionToken,                      // `token` answered by POST /session/initialize
//     onSuccess(jwt) { ... },            // payment_status success: send the JWT to your server to verify
//     onExit(jwt) { ... },               // anything else (cancelled, error, expired); null: no result
//     lang: 'es',                        // or 'en'; default: the page's <html lang>
//   });
//
// The page's origin must be one of the merchant's registered frame origins: the payment page refuses any
// other frame (CSP frame-ancestors) and posts its result only to that origin. A classic script (not a
// module), no dependencies, no inline styles or scripts, so it runs under a strict CSP that allows it.
(() => {
  const SCRIPT_URL = document.currentScript instanceof HTMLScriptElement ? document.currentScript.src : '';
  /** Seconds without a word from the frame before telling the developer why it may not have loaded. */
  const LOAD_WARNING_SECONDS = 15;
  /**
   * Seconds for the frame to acknowledge a close request. A page without the frame script (e.g. the funnel
   * refused a form because the browser keeps no cookie in frames) never answers; the modal then closes
   * anyway, with `onExit(null)`, and the session ends by itself (expiry) or by the webhook.
   */
  const CLOSE_ANSWER_SECONDS = 5;

  const MESSAGES = {
    es: {
      title: 'Pago con transferencia',
      close: 'Cerrar y cancelar el pago',
      frame: 'Página de pago de Puente',
      closing: 'Cancelando el pago…',
    },
    en: {
      title: 'Bank transfer payment',
      close: 'Close and cancel the payment',
      frame: 'Puente payment page',
      closing: 'Cancelling the payment…',
    },
  };

  let openWidget = null;

  function open(options) {
    const { sessionToken, onSuccess, onExit } = options ?? {};
    if (typeof sessionToken !== 'string' || !/^[A-Za-z0-9]{64}$/.test(sessionToken)) {
      throw new TypeError('PuenteWidget.open: sessionToken must be the 64-character session token');
    }
    if (typeof onSuccess !== 'function' || typeof onExit !== 'function') {
      throw new TypeError('PuenteWidget.open: onSuccess and onExit must be functions');
    }
    if (openWidget) throw new Error('PuenteWidget.open: a payment is already open');
    if (!options.paymentUrl && !SCRIPT_URL) {
      throw new Error('PuenteWidget.open: pass paymentUrl (the script was not loaded by a <script src>)');
    }
    const language = pickLanguage(options.lang);
    const text = MESSAGES[language];
    // The script is served at {pmt_url}/assets/puente-widget.js, so the payment pages are one level up.
    const paymentBase = new URL(options.paymentUrl ?? new URL('..', SCRIPT_URL));
    if (!paymentBase.pathname.endsWith('/')) paymentBase.pathname += '/';
    const paymentOrigin = paymentBase.origin;
    const frameUrl = new URL(`session/${sessionToken}`, paymentBase);
    frameUrl.searchParams.set('lang', language);
    frameUrl.searchParams.set('widget_origin', window.location.origin);

    const ui = buildModal(text, frameUrl.href);
    const previousFocus = document.activeElement;
    const previousOverflow = document.documentElement.style.overflow;
    // Everything else on the page is out of reach while the modal is open (keyboard and screen readers).
    const madeInert = [...document.body.children].filter((element) => !element.inert);
    for (const element of madeInert) element.inert = true;
    document.body.append(ui.backdrop);
    document.documentElement.style.overflow = 'hidden';
    ui.dialog.focus();

    let loaded = false;
    let finished = false;
    let closeTimer = null;
    const warning = setTimeout(() => {
      if (!loaded) {
        console.warn(
          `PuenteWidget: the payment page has not loaded. Is ${window.location.origin} one of the merchant's frame origins?`,
        );
      }
    }, LOAD_WARNING_SECONDS * 1000);

    function finish(status, jwt) {
      if (finished) return;
      finished = true;
      openWidget = null;
      clearTimeout(warning);
      clearTimeout(closeTimer);
      window.removeEventListener('message', onMessage);
      document.removeEventListener('keydown', onKeydown, true);
      ui.backdrop.remove();
      for (const element of madeInert) element.inert = false;
      document.documentElement.style.overflow = previousOverflow;
      if (previousFocus instanceof HTMLElement) previousFocus.focus();
      if (status === 'success') onSuccess(jwt);
      else onExit(jwt);
    }

    // Closing cancels the payment like the funnel's "Cancelar pago": the frame submits its own cancel
    // form, and the modal closes when the frame answers with the cancelled result (and its JWT).
    function close() {
      if (finished) return;
      if (!loaded) {
        finish(null, null);
        return;
      }
      ui.status.textContent = text.closing;
      ui.frame.contentWindow?.postMessage({ type: 'puente:cancel' }, paymentOrigin);
      clearTimeout(closeTimer);
      closeTimer = setTimeout(() => finish(null, null), CLOSE_ANSWER_SECONDS * 1000);
    }

    function onMessage(event) {
      // Only the payment page in this very frame is listened to.
      if (event.origin !== paymentOrigin || event.source !== ui.frame.contentWindow) return;
      const data = event.data;
      if (typeof data !== 'object' || data === null) return;
      if (data.type === 'puente:ready') loaded = true;
      else if (data.type === 'puente:cancelling') clearTimeout(closeTimer);
      else if (data.type === 'puente:close') close();
      else if (
        data.type === 'puente:result' &&
        typeof data.status === 'string' &&
        typeof data.jwt === 'string'
      ) {
        finish(data.status, data.jwt);
      }
    }

    function onKeydown(event) {
      if (event.key === 'Escape') {
        event.preventDefault();
        close();
      }
    }

    window.addEventListener('message', onMessage);
    document.addEventListener('keydown', onKeydown, true);
    ui.closeButton.addEventListener('click', close);
    // Focus stays in the dialog: leaving it at either end comes back in at the other.
    ui.startSentinel.addEventListener('focus', () => ui.frame.focus());
    ui.endSentinel.addEventListener('focus', () => ui.closeButton.focus());

    openWidget = { close };
    return { close };
  }

  function pickLanguage(given) {
    const lang = (given ?? document.documentElement.lang ?? '').toLowerCase();
    return lang.startsWith('en') ? 'en' : 'es';
  }

  /** The modal's elements; styled through the CSSOM, which a strict style-src still allows. */
  function buildModal(text, frameUrl) {
    const element = (tag, style, attributes = {}) => {
      const node = document.createElement(tag);
      Object.assign(node.style, style);
      for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
      return node;
    };
    const titleId = `puente-widget-title-${Math.random().toString(36).slice(2)}`;
    const backdrop = element('div', {
      position: 'fixed',
      inset: '0',
      zIndex: '2147483000',
      display: 'flex',
      alignItems: 'center',
      justifyContent: 'center',
      // A margin around the modal on large screens; on a phone it fills the screen.
      padding: 'min(1.5rem, 2vw)',
      background: 'rgba(20, 33, 61, .55)',
    });
    backdrop.dataset.puenteWidget = '';
    const dialog = element(
      'div',
      {
        display: 'flex',
        flexDirection: 'column',
        width: 'min(30rem, 100%)',
        height: 'min(46rem, 100%)',
        background: '#f4f6fa',
        borderRadius: '12px',
        overflow: 'hidden',
        boxShadow: '0 12px 40px rgba(0, 0, 0, .3)',
        outline: 'none',
      },
      { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId, tabindex: '-1' },
    );
    const header = element('div', {
      display: 'flex',
      alignItems: 'center',
      justifyContent: 'space-between',
      gap: '1rem',
      padding: '.5rem .5rem .5rem 1rem',
      background: '#fff',
      borderBottom: '1px solid #dfe3ec',
      font: '600 1rem system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      color: '#14213d',
    });
    const title = element('h2', { margin: '0', font: 'inherit' }, { id: titleId });
    title.textContent = text.title;
    const closeButton = element(
      'button',
      {
        minWidth: '2.75rem',
        minHeight: '2.75rem',
        border: '1px solid #dfe3ec',
        borderRadius: '8px',
        background: '#fff',
        color: '#14213d',
        font: '600 1.25rem system-ui, sans-serif',
        cursor: 'pointer',
      },
      { type: 'button', 'aria-label': text.close, title: text.close },
    );
    closeButton.textContent = '×';
    const status = element(
      'p',
      { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden' },
      {
        role: 'status',
      },
    );
    const frame = element(
      'iframe',
      { flex: '1', width: '100%', border: '0', background: '#f4f6fa' },
      { title: text.frame, src: frameUrl, referrerpolicy: 'origin' },
    );
    const sentinel = () =>
      element('span', { position: 'absolute', width: '1px', height: '1px' }, { tabindex: '0' });
    const startSentinel = sentinel();
    const endSentinel = sentinel();
    header.append(title, closeButton);
    dialog.append(startSentinel, header, status, frame, endSentinel);
    backdrop.append(dialog);
    return { backdrop, dialog, closeButton, frame, status, startSentinel, endSentinel };
  }

  window.PuenteWidget = Object.freeze({ open });
})();
