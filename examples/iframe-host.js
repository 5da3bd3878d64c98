// Example host of the postMessage contract (see README: "Embedding").
// ?widget=<base URL of the widget> embeds a widget from another origin;
// ?allow=<origin> sets the widget's allowlist (default: this page's origin).
const params = new URLSearchParams(location.search);
const widgetBase = params.get('widget') || new URL('../', location.href).href;
const allowed = params.get('allow') || location.origin;
const frame = document.getElementById('map');
frame.src = `${widgetBase}index.html?lang=zh&origins=${encodeURIComponent(allowed)}`;
const widgetOrigin = new URL(widgetBase, location.href).origin;

const log = document.getElementById('log');
window.received = [];
window.addEventListener('message', (event) => {
  if (event.origin !== widgetOrigin) return;
  let msg;
  try { msg = JSON.parse(event.data); } catch { return; }
  if (!msg || msg.qikai !== 1) return;
  window.received.push(msg);
  log.textContent += `${JSON.stringify(msg)}\n`;
});

let next = 1;
window.send = (command) => {
  const message = { qikai: 1, requestId: String(next++), ...command };
  frame.contentWindow.postMessage(JSON.stringify(message), widgetOrigin);
  return message.requestId;
};
// Anything else a host might post: an object instead of JSON text, plain text.
window.sendRaw = (data) => frame.contentWindow.postMessage(data, widgetOrigin);
document.getElementById('fly').onclick = () => window.send({ type: 'flyTo', center: [125.165766, 43.83123], zoom: 15 });
document.getElementById('select').onclick = () => window.send({ type: 'select', id: 'project-audi-faw-nev' });
document.getElementById('english').onclick = () => window.send({ type: 'setLanguage', lang: 'en' });
document.getElementById('state').onclick = () => window.send({ type: 'getState' });
