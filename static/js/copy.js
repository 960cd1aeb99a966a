// "Copy" buttons copy the text of the textarea they name (the citation blocks).
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  field.select();
  const done = () => {
    button.textContent = "Copied";
    const announcer = document.getElementById("announcer");
    if (announcer) announcer.textContent = `${field.getAttribute("aria-label") || "Reference"} copied to the clipboard`;
  };
  if (navigator.clipboard) {
    navigator.clipboard.writeText(field.value).then(done, () => document.execCommand("copy") && done());
  } else if (document.execCommand("copy")) {
    done();
  }
});
