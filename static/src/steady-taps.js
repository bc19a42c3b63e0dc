// A field is checked as the person leaves it, and the answer can move the page: an error message
// appears beside it, or goes. Leaving a field is often pressing the next one, so that answer can
// arrive while the finger (or mouse button) is still down; if the page moved then, the press
// would end somewhere else and the tap would be lost. An answer that arrives mid-press waits
// until the press is over and its click has landed.

let pressed = false;
let waiting = [];

function release() {
  pressed = false;
  const swaps = waiting;
  waiting = [];
  // The click comes straight after the pointer is lifted: swap once it has been handled.
  window.setTimeout(() => swaps.forEach((swap) => swap()), 0);
}

export function initSteadyTaps(htmx) {
  document.addEventListener("pointerdown", () => (pressed = true), true);
  document.addEventListener("pointerup", release, true);
  document.addEventListener("pointercancel", release, true);

  document.body.addEventListener("htmx:beforeSwap", (event) => {
    const { shouldSwap, target, serverResponse, requestConfig } = event.detail;
    if (!pressed || !shouldSwap) return;
    event.detail.shouldSwap = false;
    const style = (requestConfig.elt.closest("[hx-swap]")?.getAttribute("hx-swap") || "innerHTML").split(" ")[0];
    waiting.push(() => {
      if (target.isConnected) htmx.swap(target, serverResponse, { swapStyle: style, swapDelay: 0, settleDelay: 20 });
    });
  });
}
