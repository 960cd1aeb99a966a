// "Copy" buttons copy the text of the textarea they name (the citation blocks) and say so in
// the status element they name, which screen readers announce.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.status);
  const label = button.textContent;
  field.select();
  const say = (message) => { if (status) status.textContent = message; };
  const done = () => {
    button.textContent = "Copied";
    say("Copied to the clipboard.");
    setTimeout(() => { button.textContent = label; }, 3000);
  };
  const failed = () => say("Could not copy: the text is selected, copy it with your keyboard.");
  const fallback = () => (document.execCommand("copy") ? done() : failed());
  if (navigator.clipboard) {
    navigator.clipboard.writeText(field.value).then(done, fallback);
  } else {
    fallback();
  }
});
