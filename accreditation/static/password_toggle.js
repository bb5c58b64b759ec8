// "Show password" beside every password field (ASVS 2.1.12): a toggle button that shows what was typed, for a
// moment, and hides it again. Progressive enhancement: without this script the fields work as plain password fields.
// The button's text comes from this script tag (data-show, in the page's language); its state is aria-pressed.
(function () {
  "use strict";
  var script = document.currentScript;
  var label = (script && script.getAttribute("data-show")) || "Show password";
  var fields = document.querySelectorAll("input[type=password]");
  Array.prototype.forEach.call(fields, function (input, index) {
    if (!input.id) { input.id = "password-field-" + index; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "password-toggle";
    button.textContent = label;
    button.setAttribute("aria-pressed", "false");
    button.setAttribute("aria-controls", input.id);
    button.addEventListener("click", function () {
      var show = input.type === "password";
      input.type = show ? "text" : "password";
      button.setAttribute("aria-pressed", show ? "true" : "false");
    });
    input.insertAdjacentElement("afterend", button);
    // Never send (or let the browser remember) the field as plain text.
    if (input.form) {
      input.form.addEventListener("submit", function () {
        input.type = "password";
        button.setAttribute("aria-pressed", "false");
      });
    }
  });
})();
