// Sortable inlines (adminsortable2): the position number at the start of each row's label
// ("3. Zeqing Wang") follows the row while it is dragged, so the number shown is the
// place the row will have where it is dropped.
"use strict";
(() => {
  const LEADING_NUMBER = /^\s*\d+\.\s/;

  function renumber(group) {
    const labels = group.querySelectorAll("tr.has_original td.original p, .inline-related.has_original h3 .inline_label");
    let position = 0;
    labels.forEach((label) => {
      const row = label.closest("tr, .inline-related");
      if (row.classList.contains("sortable-ghost") && row.classList.contains("sortable-fallback")) return;
      const text = label.firstChild;
      if (!text || text.nodeType !== Node.TEXT_NODE || !LEADING_NUMBER.test(text.data)) return;
      position += 1;
      text.data = text.data.replace(LEADING_NUMBER, `${position}. `);
    });
  }

  window.addEventListener("load", () => {
    document.querySelectorAll("fieldset.sortable").forEach((group) => {
      const container = group.querySelector("table tbody") || group;
      // Sortable moves the dragged row through the list as the pointer moves.
      new MutationObserver(() => renumber(group)).observe(container, { childList: true });
    });
  });
})();
