// <form data-confirm="Delete this need?">: ask before submitting. The server must still
// treat the action as reversible or confirm it itself; this only saves a wrong click.
// A submit button may carry its own data-confirm, which wins over the form's.

export function initConfirmForms(doc = document) {
  doc.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const submitter = event.submitter;
    const message =
      (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (!message) return;
    if (!window.confirm(message)) event.preventDefault();
  });
}
