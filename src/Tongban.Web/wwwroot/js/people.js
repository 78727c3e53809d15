// People pages: ask before links that carry data-confirm (e.g. an export with full ID numbers).
document.addEventListener("click", function (e) {
  var link = e.target.closest && e.target.closest("[data-confirm]");
  if (link && !window.confirm(link.getAttribute("data-confirm"))) { e.preventDefault(); }
});
