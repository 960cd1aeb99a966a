// On narrow screens the facets sit above the results: start them folded.
if (window.matchMedia("(max-width: 52rem)").matches) {
  document.querySelectorAll("details.facet-box").forEach((box) => box.removeAttribute("open"));
}
