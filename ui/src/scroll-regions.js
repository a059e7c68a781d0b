// A .table-scroll wrapper that really scrolls must be reachable by keyboard (WCAG 2.1.1):
// give it tabindex="0" when the server did not, and a name taken from the table's caption.

export function initScrollRegions(doc = document) {
  const wrappers = Array.from(doc.querySelectorAll(".table-scroll"));
  const update = () => {
    for (const wrapper of wrappers) {
      const scrolls = wrapper.scrollWidth > wrapper.clientWidth + 1;
      if (wrapper.dataset.serverTabindex === undefined) {
        wrapper.dataset.serverTabindex = wrapper.hasAttribute("tabindex") ? "yes" : "no";
      }
      if (wrapper.dataset.serverTabindex === "yes") continue;
      if (scrolls) {
        wrapper.setAttribute("tabindex", "0");
        const named = wrapper.hasAttribute("aria-label") || wrapper.hasAttribute("aria-labelledby");
        const caption = wrapper.querySelector("caption");
        if (!named && caption) {
          if (!caption.id) caption.id = `caption-${Math.random().toString(36).slice(2, 9)}`;
          wrapper.setAttribute("aria-labelledby", caption.id);
        }
        // A region needs a name; without one the wrapper stays a plain focusable box.
        if (!wrapper.hasAttribute("role") && (named || caption)) wrapper.setAttribute("role", "region");
      } else {
        wrapper.removeAttribute("tabindex");
      }
    }
  };
  if (!wrappers.length) return;
  update();
  let pending = false;
  window.addEventListener("resize", () => {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(() => {
      pending = false;
      update();
    });
  });
}
