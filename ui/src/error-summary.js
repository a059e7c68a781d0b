// A form that comes back with errors starts with an .error-summary. Move focus to it when
// the page loads, so that screen-reader and keyboard users hear the errors first, and make
// its links (href="#field-id") put focus in the field itself, with its label in view.

export function focusErrorSummary(doc = document) {
  const summary = doc.querySelector(".error-summary");
  if (!summary) return;
  if (!summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
  summary.focus();

  summary.addEventListener("click", (event) => {
    const link = event.target.closest('a[href^="#"]');
    if (!link) return;
    const id = decodeURIComponent(link.getAttribute("href").slice(1));
    const field = id && doc.getElementById(id);
    if (!field) return;
    event.preventDefault();
    const label = field.id ? doc.querySelector(`label[for="${CSS.escape(field.id)}"]`) : null;
    (label || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
}
