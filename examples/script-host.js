// Mounting by function: wait for the loader, then call mount(element, options).
function mountSecond() {
  window.wasmBindings.mount(document.getElementById('mounted'), { lang: 'zh', select: 'project-audi-faw-nev' });
}
if (window.wasmBindings) mountSecond();
else addEventListener('TrunkApplicationStarted', mountSecond, { once: true });
