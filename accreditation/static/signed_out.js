// Signing out removes what this site keeps in the browser's storage: the self-assessment's answers typed and not
// yet saved (self_assessment.js keeps them under "ssa-unsaved-<person>-<application>-<criterion>"), so nothing of a
// person's work stays on a shared computer once they sign out (ASVS 8.2.2, 8.2.3). An expired session keeps them,
// under that person's number only, so they are saved when the same person signs in again.
(function () {
  "use strict";
  var PREFIX = "ssa-unsaved-";

  function clear() {
    try {
      for (var i = localStorage.length - 1; i >= 0; i -= 1) {
        var key = localStorage.key(i);
        if (key && key.indexOf(PREFIX) === 0) { localStorage.removeItem(key); }
      }
    } catch (e) { /* storage disabled: nothing was kept */ }
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-sign-out]"), function (form) {
    form.addEventListener("submit", clear);
  });
})();
