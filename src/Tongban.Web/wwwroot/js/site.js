// Sends the antiforgery token with every htmx request (the token is in a meta tag or a form field).
document.addEventListener("htmx:configRequest", function (e) {
  var field = document.querySelector('input[name="__RequestVerificationToken"]');
  if (field) { e.detail.headers["X-CSRF-TOKEN"] = field.value; }
});
