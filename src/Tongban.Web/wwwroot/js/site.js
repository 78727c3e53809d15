// Sends the antiforgery token with every htmx request (the token is in a meta tag or a form field).
document.addEventListener("htmx:configRequest", function (e) {
  var field = document.querySelector('input[name="__RequestVerificationToken"]');
  if (field) { e.detail.headers["X-CSRF-TOKEN"] = field.value; }
});

// Closes the phone menu after a choice, so the page below is visible when it loads from cache.
document.addEventListener("click", function (e) {
  var link = e.target instanceof Element ? e.target.closest(".nav-menu a") : null;
  var menu = link ? link.closest("details") : null;
  if (menu) { menu.removeAttribute("open"); }
});
