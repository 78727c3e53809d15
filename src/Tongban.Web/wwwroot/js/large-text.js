// 大字模式 without leaving the page: what is typed, or a confirmation shown after a form was sent, stays on screen.
// Without script the button still works as a form post that comes back to the page.
(function () {
  Array.prototype.forEach.call(document.querySelectorAll("form[action='/Shell/LargeText']"), function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.fetch) { return; }
      e.preventDefault();
      fetch(form.action, { method: "POST", headers: { "X-Tongban-Toggle": "1" }, credentials: "same-origin" }).then(function (r) {
        if (!r.ok) { form.submit(); return; }
        var on = document.body.classList.toggle("large-text");
        var button = form.querySelector("button");
        button.textContent = on ? "标准字号" : "大字模式";
        button.setAttribute("aria-pressed", on ? "true" : "false");
      }).catch(function () { form.submit(); });
    });
  });
})();
