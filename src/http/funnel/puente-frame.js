// Runs in the funnel's pages of a payment that the widget (packages/widget/puente-widget.js) opened in a
// frame on the merchant's page, and only there: the server adds it, with the registered origin it checked,
// to those pages alone. It talks to that page only, and only to the parent window at that exact origin:
//   → parent  {type: 'puente:ready'}   on every page (the frame has loaded)
//   → parent  {type: 'puente:close'}   the payer pressed Escape inside the frame
//   → parent  {type: 'puente:cancelling'}   a close request was heard (the result follows)
//   → parent  {type: 'puente:result', status, jwt}   the payment ended (the same JWT a redirect carries)
//   ← parent  {type: 'puente:cancel'}  the payer closed the modal: submit this page's own cancel form
(() => {
  const script = document.currentScript;
  const origin = script?.dataset.widgetOrigin;
  const merchantPage = window.parent;
  // Opened on its own (not in a frame): the page works as a plain funnel page.
  if (!script || !origin || merchantPage === window) return;
  const post = (message) => merchantPage.postMessage(message, origin);

  window.addEventListener('message', (event) => {
    if (event.origin !== origin || event.source !== merchantPage) return;
    if (event.data?.type !== 'puente:cancel') return;
    post({ type: 'puente:cancelling' });
    // The funnel's own CSRF-protected form: cancelling is exactly the payer pressing "Cancelar pago".
    const cancelForm = document.querySelector('form[action*="/cancel?"], form[action$="/cancel"]');
    if (cancelForm instanceof HTMLFormElement) cancelForm.requestSubmit();
    // No cancel form: the payment has ended or a transfer is in flight; the result page answers either way.
    else window.location.assign(script.dataset.resultUrl);
  });

  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    post({ type: 'puente:close' });
  });

  post({ type: 'puente:ready' });

  const { status, jwt } = script.dataset;
  if (!status || !jwt) return;
  const send = () => post({ type: 'puente:result', status, jwt });
  const back = document.querySelector('[data-puente-return]');
  // Success and cancellation need no reading: the merchant's page takes over at once. An error or an
  // expiry is explained first, and handed over when the payer presses the button.
  if (status === 'success' || status === 'cancelled' || !back) {
    send();
    return;
  }
  back.hidden = false;
  back.addEventListener('click', (event) => {
    event.preventDefault();
    send();
  });
})();
