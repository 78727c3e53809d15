// 一岗通办 pages: print buttons and "tick all" on the checklist (no inline handlers under the content security policy).
document.querySelectorAll("[data-print]").forEach(function (b) { b.addEventListener("click", function () { window.print(); }); });
document.querySelectorAll("[data-check-all]").forEach(function (b) {
  b.addEventListener("click", function () {
    var form = b.closest("form");
    if (form) form.querySelectorAll("input[type=checkbox][name$='Received']:not(:disabled)").forEach(function (c) { c.checked = true; });
  });
});
