// Copy buttons of the direct-transfer page. Without this script the values are plain text the payer can
// select; with it, each value gets its "Copiar" button (rendered hidden by the server).
for (const button of document.querySelectorAll('button[data-copy]')) {
  const value = document.getElementById(button.dataset.copy);
  if (!value || !navigator.clipboard) continue;
  const label = button.textContent;
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(value.textContent.trim());
      button.textContent = button.dataset.copied;
      setTimeout(() => {
        button.textContent = label;
      }, 2000);
    } catch {
      // Clipboard refused (permissions): the value stays selectable.
    }
  });
}
