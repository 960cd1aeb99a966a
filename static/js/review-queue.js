// The review queue by keyboard: j/k move between statements, x selects, o opens,
// p publishes and h hides the selected ones (or the current one when none is selected).
(function () {
  "use strict";
  const rows = () => Array.from(document.querySelectorAll("#result_list tbody tr"));
  let current = -1;

  function focusRow(index) {
    const all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((row, i) => row.classList.toggle("keyboard-current", i === current));
    const box = all[current].querySelector("input.action-select");
    if (box) box.focus();
  }

  function currentBox() {
    const row = rows()[current];
    return row ? row.querySelector("input.action-select") : null;
  }

  function run(action) {
    const select = document.querySelector("select[name=action]");
    if (!select) return;
    if (!document.querySelector("input.action-select:checked")) {
      const box = currentBox();
      if (!box) return;
      box.click();
    }
    select.value = action;
    document.querySelector("#changelist-form button[name=index]").click();
  }

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target.matches("input:not([type=checkbox]), select, textarea");
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const keys = {
      j: () => focusRow(current + 1),
      k: () => focusRow(current - 1),
      x: () => currentBox() && currentBox().click(),
      o: () => {
        const link = rows()[current] && rows()[current].querySelector("th a, td a");
        if (link) window.location = link.href;
      },
      p: () => run("publish"),
      h: () => run("hide"),
    };
    if (keys[event.key]) {
      event.preventDefault();
      keys[event.key]();
    }
  });
})();
