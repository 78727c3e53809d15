// Appeals pages: a reply template picked from a list fills the text box it belongs to (works after htmx swaps too).
document.addEventListener("change", function (e) {
  var select = e.target;
  if (!(select instanceof HTMLSelectElement) || !select.dataset.templateTarget) { return; }
  var option = select.options[select.selectedIndex];
  var target = document.getElementById(select.dataset.templateTarget);
  if (target && option && option.dataset.text) { target.value = option.dataset.text; target.focus(); }
});

// The queue's "select the whole page" box ticks or clears every row for bulk dispatch (a handover takes them all).
document.addEventListener("change", function (e) {
  var box = e.target;
  if (!(box instanceof HTMLInputElement) || !box.hasAttribute("data-select-all")) { return; }
  document.querySelectorAll("input[type=checkbox][name=selected][form=bulk-form]").forEach(function (row) { row.checked = box.checked; });
});

// 派单/改派: the department chosen as lead is not offered among the summoned ones (the server refuses it there);
// choosing another lead offers the former one again, so it can stay on as a 协办 department.
document.addEventListener("change", function (e) {
  var lead = e.target;
  if (!(lead instanceof HTMLInputElement) || lead.name !== "Form.Lead" || !lead.form) { return; }
  lead.form.querySelectorAll("label[data-summon]").forEach(function (label) {
    var isLead = label.dataset.summon === lead.dataset.department;
    if (isLead) { label.querySelector("input").checked = false; }
    label.hidden = isLead;
  });
});
