// Appeals pages: a reply template picked from a list fills the text box it belongs to (works after htmx swaps too).
document.addEventListener("change", function (e) {
  var select = e.target;
  if (!(select instanceof HTMLSelectElement) || !select.dataset.templateTarget) { return; }
  var option = select.options[select.selectedIndex];
  var target = document.getElementById(select.dataset.templateTarget);
  if (target && option && option.dataset.text) { target.value = option.dataset.text; target.focus(); }
});
