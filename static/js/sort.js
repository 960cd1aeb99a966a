// A select marked data-apply-on-change submits its form when a choice is made (the Sort
// order). Without JavaScript the form's own button still applies it.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-apply-on-change]");
  if (select && select.form) select.form.requestSubmit();
});
