// A file chooser that fills a textarea: <div class="file-fill" hidden><label for="X">…</label>
// <input type="file" id="X" data-fills="TEXTAREA-ID"></div>. Without JavaScript it stays
// hidden and the textarea is pasted into, so the form sends only text (no multipart upload).

export function initFileFill(doc = document) {
  for (const input of doc.querySelectorAll('input[type="file"][data-fills]')) {
    const target = doc.getElementById(input.getAttribute("data-fills"));
    if (!target) continue;
    const wrapper = input.closest(".file-fill");
    if (wrapper) wrapper.hidden = false;
    input.addEventListener("change", () => {
      const file = input.files && input.files[0];
      if (!file) return;
      file.text().then((text) => {
        target.value = text;
        target.dispatchEvent(new Event("input", { bubbles: true }));
      });
    });
  }
}
