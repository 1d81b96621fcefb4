// The demo shop's side of the widget: "Pagar sin salir de la tienda" asks the shop's server for a session,
// opens it with PuenteWidget (loaded from the gateway), and gives the JWT of the callback back to the shop's
// server, which verifies it and answers the order's state to show here. The page never leaves the shop.
(() => {
  const button = document.querySelector('[data-widget-checkout]');
  const status = document.getElementById('widget-result');
  if (!(button instanceof HTMLButtonElement) || !status || !window.PuenteWidget) return;
  const { productId, lang, failed } = button.dataset;

  const post = async (path, body) => {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, lang }),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(answer.message ?? failed);
    return answer;
  };

  const show = (title, text) => {
    status.replaceChildren();
    const heading = document.createElement('strong');
    heading.textContent = title;
    const paragraph = document.createElement('span');
    paragraph.textContent = ` ${text}`;
    status.append(heading, paragraph);
  };

  const report = async (jwt) => {
    if (!jwt) {
      // The payment page never opened: nothing to verify, and the session simply expires.
      show('', failed);
      return;
    }
    try {
      const order = await post('/checkout/widget/result', { jwt });
      show(order.title, `${order.text} (${order.order_id}: ${order.status_label})`);
    } catch (error) {
      show('', error.message);
    }
  };

  // Not `disabled` while busy: a disabled button loses focus, and the widget gives focus back to it.
  let busy = false;
  button.addEventListener('click', async () => {
    if (busy) return;
    busy = true;
    button.setAttribute('aria-busy', 'true');
    try {
      const { session_token } = await post('/checkout/widget', { product_id: productId });
      window.PuenteWidget.open({ sessionToken: session_token, lang, onSuccess: report, onExit: report });
    } catch (error) {
      show('', error.message);
    } finally {
      busy = false;
      button.removeAttribute('aria-busy');
    }
  });
})();
